import type { TicketRecord } from './ticket.records';

// Emergency records and the argument and result shapes of the Store's emergency operations
// (rule 7; re-exported by store.ts, which is where callers import them from).

/** A raised emergency: at most one per ticket, only on an open or pending outage ticket. */
export interface EmergencyRecord {
  id: string;
  ticketRef: string;
  /** The ticket's requester e-mail when the emergency was raised (the rate-limit key, case-insensitive). */
  requesterEmail: string;
  visitorId: string;
  description: string;
  testedOtherDevices: boolean;
  testedOtherNetworks: boolean;
  /** Set once by {@link Store.markEmergencyAbuse}; never cleared. */
  abuse: boolean;
  abuseMarkedBy: string | null;
  abuseMarkedAt: string | null;
  createdAt: string;
}

/** What the visitor sends to raise an emergency; the requester e-mail comes from the ticket. */
export interface NewEmergency {
  ticketRef: string;
  visitorId: string;
  description: string;
  testedOtherDevices: boolean;
  testedOtherNetworks: boolean;
}

/** Abuse limit of {@link Store.createEmergency}: fewer than `perRequesterLimit` since `windowSince`. */
export interface EmergencyLimitOptions {
  perRequesterLimit: number;
  /** Start of the rate-limit window (inclusive), e.g. now − 24 h. */
  windowSince: string;
}

/** Why {@link Store.createEmergency} refused, in the order the checks are made. */
export type CreateEmergencyRefusal =
  | 'ticket_not_found' | 'not_requester' | 'not_outage' | 'ticket_closed' | 'already_raised' | 'limit_reached';

/** Outcome of {@link Store.createEmergency}; `ticket` is the ticket as it stands (unchanged). */
export type CreateEmergencyResult =
  | { ok: true; emergency: EmergencyRecord; ticket: TicketRecord }
  | { ok: false; reason: CreateEmergencyRefusal };

/** Filter of {@link Store.listEmergencies}: `since` is inclusive. */
export interface EmergencyFilter {
  since?: string;
  limit: number;
}
