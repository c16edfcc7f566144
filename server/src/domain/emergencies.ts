import { AppError, errors, type TicketView } from '@besoin/shared';
import type { EmergencyRecord, Store, VisitorRecord } from '../store/store';
import type { Clock } from './clock';
import type { DomainEvents } from './events';
import type { Notifier } from './notifier';
import type { Outcome } from './outcome';
import { ticketView } from './ticketViews';

export interface EmergencyDeps {
  store: Store;
  clock: Clock;
  notifier: Notifier;
  events: DomainEvents;
  onRaised?: () => void;
}

/** At most this many emergencies per requester e-mail in {@link WINDOW_MS} (rule 7). */
export const EMERGENCIES_PER_REQUESTER = 2;
const WINDOW_MS = 24 * 3_600_000;

/** The wire view of an emergency, with its ticket. */
export function emergencyView(e: EmergencyRecord, ticket?: TicketView) {
  return {
    id: e.id, ticketRef: e.ticketRef, requesterEmail: e.requesterEmail, description: e.description,
    testedOtherDevices: e.testedOtherDevices, testedOtherNetworks: e.testedOtherNetworks,
    abuse: e.abuse, abuseMarkedBy: e.abuseMarkedBy, createdAt: e.createdAt, ...(ticket ? { ticket } : {}),
  };
}

/**
 * Rule 7: an emergency pages the on-call sysadmins (webhook `emergency.raised` and an alarm for
 * supervisors and admins). Only for a site or server actively down: on an open outage ticket of
 * this visitor, after the checklist; one per ticket, two per requester per 24 hours.
 */
export function createEmergencyService({ store, clock, notifier, events, onRaised }: EmergencyDeps) {
  async function retryAfterMs(email: string, nowMs: number): Promise<number> {
    const recent = await store.listEmergencies({ since: new Date(nowMs - WINDOW_MS).toISOString(), limit: 1000 });
    const mine = recent.filter((e) => e.requesterEmail.toLowerCase() === email.toLowerCase()).map((e) => Date.parse(e.createdAt));
    return mine.length ? Math.max(0, Math.min(...mine) + WINDOW_MS - nowMs) : WINDOW_MS;
  }

  return {
    async raise(visitor: VisitorRecord, payload: { ticketRef: string; testedOtherDevices: boolean; testedOtherNetworks: boolean; description: string }): Promise<Outcome<{ emergencyId: string }>> {
      if (!payload.testedOtherDevices || !payload.testedOtherNetworks) {
        throw errors.forbidden('Test from other devices and other networks before raising an emergency.');
      }
      const now = clock.now();
      const result = await store.createEmergency(
        { ticketRef: payload.ticketRef.toUpperCase(), visitorId: visitor.id, description: payload.description,
          testedOtherDevices: true, testedOtherNetworks: true },
        { perRequesterLimit: EMERGENCIES_PER_REQUESTER, windowSince: new Date(now.getTime() - WINDOW_MS).toISOString() },
        now.toISOString(),
      );
      if (!result.ok) {
        switch (result.reason) {
          case 'ticket_not_found':
          case 'not_requester': throw errors.notFound('Ticket');
          case 'not_outage': throw errors.forbidden('Emergencies are only for a site or server that is down (an outage ticket).');
          case 'ticket_closed': throw errors.forbidden('This ticket is no longer open.');
          case 'already_raised': throw errors.conflict('An emergency was already raised for this ticket.');
          case 'limit_reached': {
            const ticket = await store.getTicket(payload.ticketRef.toUpperCase());
            throw new AppError('rate_limited', 'At most 2 emergencies per 24 hours.', {
              retryAfterMs: await retryAfterMs(ticket?.requesterEmail ?? '', now.getTime()),
            });
          }
        }
      }
      const ticket = ticketView(result.ticket);
      const emergency = emergencyView(result.emergency);
      return {
        data: { emergencyId: result.emergency.id },
        effects: async () => {
          notifier.toSupervisors('emergency:raised', { ticket, emergencyId: emergency.id });
          events.emit('emergency.raised', { emergency, ticket });
          onRaised?.();
        },
      };
    },

    /** Recent emergencies with their tickets (supervisors and admins). */
    async list(limit = 100) {
      const list = await store.listEmergencies({ limit });
      return Promise.all(list.map(async (e) => {
        const t = await store.getTicket(e.ticketRef);
        return emergencyView(e, t ? ticketView(t) : undefined);
      }));
    },

    /** A supervisor marks an emergency as abuse. */
    async markAbuse(id: string, by: string) {
      const marked = await store.markEmergencyAbuse(id, by, clock.now().toISOString());
      if (!marked) throw errors.notFound('Emergency');
      return emergencyView(marked);
    },
  };
}

export type EmergencyService = ReturnType<typeof createEmergencyService>;
