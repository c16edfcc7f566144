import { ChatView, type TicketView, TicketListResponse, TicketView as TicketSchema } from '@besoin/shared';
import { type ApiClient, type HttpOutcome, type Parser, apiRequest, queryString } from './http';
import { listOf, oneOf } from './parsers';

/** An emergency raised by a visitor (`GET /api/emergencies`), with its outage ticket. */
export interface EmergencyView {
  id: string;
  ticketRef: string;
  requesterEmail: string;
  description: string;
  testedOtherDevices: boolean;
  testedOtherNetworks: boolean;
  /** A supervisor marked it as abuse of the emergency procedure. */
  abuse: boolean;
  createdAt: string;
  ticket: TicketView;
}

/** The two lists of the SLA board. */
export type SlaKind = 'breached' | 'at_risk';

const str = (v: unknown): v is string => typeof v === 'string';
const bool = (v: unknown): v is boolean => typeof v === 'boolean';

/** Validates one emergency (the ticket with the shared schema); unknown keys are dropped. */
export const EmergencyParser: Parser<EmergencyView> = {
  safeParse(data) {
    const raw = (data ?? {}) as Record<string, unknown>;
    const ticket = TicketSchema.safeParse(raw.ticket);
    const { id, ticketRef, requesterEmail, description, testedOtherDevices, testedOtherNetworks, abuse, createdAt } = raw;
    if (!ticket.success || !str(id) || !str(ticketRef) || !str(createdAt) || !bool(abuse)) return { success: false };
    return {
      success: true,
      data: {
        id, ticketRef, createdAt, abuse, ticket: ticket.data,
        requesterEmail: str(requesterEmail) ? requesterEmail : '',
        description: str(description) ? description : '',
        testedOtherDevices: testedOtherDevices === true,
        testedOtherNetworks: testedOtherNetworks === true,
      },
    };
  },
};

/** Page size of each SLA list (the board shows the most urgent first). */
export const SLA_LIST_LIMIT = 50;

/** `GET /api/chats?status=active`: every active chat, with its agent (supervisors). */
export function fetchActiveChats(client: ApiClient): Promise<HttpOutcome<{ chats: ChatView[] }>> {
  return apiRequest(client, 'GET', '/api/chats?status=active', listOf('chats', ChatView));
}

/** `GET /api/tickets?sla=…`: tickets past (`breached`) or within an hour of (`at_risk`) their first-response target. */
export function fetchSlaTickets(client: ApiClient, sla: SlaKind): Promise<HttpOutcome<{ tickets: TicketView[]; total: number }>> {
  return apiRequest(client, 'GET', `/api/tickets${queryString({ sla, limit: SLA_LIST_LIMIT })}`, TicketListResponse);
}

/** `GET /api/emergencies` (supervisors). */
export function fetchEmergencies(client: ApiClient): Promise<HttpOutcome<{ emergencies: EmergencyView[] }>> {
  return apiRequest(client, 'GET', '/api/emergencies', listOf('emergencies', EmergencyParser));
}

/** `PATCH /api/emergencies/:id { abuse: true }`. */
export function markEmergencyAbuse(client: ApiClient, id: string): Promise<HttpOutcome<{ emergency: EmergencyView }>> {
  return apiRequest(client, 'PATCH', `/api/emergencies/${encodeURIComponent(id)}`, oneOf('emergency', EmergencyParser), { abuse: true });
}

