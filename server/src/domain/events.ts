// Business events leaving the system (webhooks, DESIGN §3). The domain announces them; an
// integration delivers them. Emitting never waits for delivery.

/** The webhook event types of DESIGN §3. */
export const WEBHOOK_EVENTS = ['ticket.created', 'ticket.updated', 'ticket.escalated', 'emergency.raised'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Where the domain announces business events. */
export interface DomainEvents {
  emit(type: WebhookEvent, data: Record<string, unknown>): void;
}

/** Events go nowhere (no WEBHOOK_URL configured). */
export const noEvents: DomainEvents = { emit() {} };
