import {
  type Department, type Priority, type TicketHistoryEntry, type TicketStatus, type TicketView,
  TicketDetailResponse, TicketListResponse, TicketReplyResponse, agentBroadcasts,
} from '@besoin/shared';
import { type ApiClient, type HttpOutcome, apiRequest, queryString } from './http';

/** Filters of the ticket list (`GET /api/tickets`); absent means "any". */
export interface TicketFilters {
  status?: TicketStatus;
  priority?: Priority;
  department?: Department;
  q?: string;
}

/** What an agent may change on a ticket (`PATCH /api/tickets/:ref`). */
export interface TicketPatch {
  status?: TicketStatus;
  priority?: Priority;
  assigneeId?: string | null;
}

/** Page size of the ticket list. */
export const TICKET_PAGE_SIZE = 50;

// `{ ticket }`: the same shape as the ticket:updated broadcast.
const TicketResult = agentBroadcasts['ticket:updated'];
const path = (ref: string) => `/api/tickets/${encodeURIComponent(ref)}`;

/** `GET /api/tickets` with filters and paging. */
export function listTickets(client: ApiClient, filters: TicketFilters, offset = 0): Promise<HttpOutcome<{ tickets: TicketView[]; total: number }>> {
  const query = queryString({ ...filters, q: filters.q?.trim(), limit: TICKET_PAGE_SIZE, offset });
  return apiRequest(client, 'GET', `/api/tickets${query}`, TicketListResponse);
}

/** `GET /api/tickets/:ref`: the ticket and its history, in order. */
export function getTicket(client: ApiClient, ref: string): Promise<HttpOutcome<{ ticket: TicketView; history: TicketHistoryEntry[] }>> {
  return apiRequest(client, 'GET', path(ref), TicketDetailResponse);
}

/** `PATCH /api/tickets/:ref`. */
export function patchTicket(client: ApiClient, ref: string, patch: TicketPatch): Promise<HttpOutcome<{ ticket: TicketView }>> {
  return apiRequest(client, 'PATCH', path(ref), TicketResult, patch);
}

/** `POST /api/tickets/:ref/replies`. */
export function replyToTicket(client: ApiClient, ref: string, text: string): Promise<HttpOutcome<{ reply: TicketHistoryEntry }>> {
  return apiRequest(client, 'POST', `${path(ref)}/replies`, TicketReplyResponse, { text });
}

/** `GET /api/tickets/:ref/transcript?format=txt` as a Blob (fetched with the session cookie). */
export async function downloadTranscript(client: ApiClient, ref: string): Promise<Blob | null> {
  try {
    const response = await (client.fetchImpl ?? fetch)(`${path(ref)}/transcript?format=txt`, {
      credentials: 'same-origin',
    });
    return response.ok ? await response.blob() : null;
  } catch {
    return null;
  }
}
