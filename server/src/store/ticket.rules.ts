import { PRIORITIES, type Priority } from '@besoin/shared';
import type { NewTicket, TicketFilter } from './store';

// Small rules every Store implementation applies the same way (SQLite here, a Redis Lua
// script later), kept in one place so that both derive identical keys and refs.

/** The case-insensitive identity of a requester e-mail (merge key, rule 2). */
export function requesterKey(email: string): string {
  return email.trim().toLowerCase();
}

/** `TCK-2026-000123`: the year, then the per-year counter on at least 6 digits. */
export function formatTicketRef(year: number, counter: number): string {
  return `TCK-${year}-${String(counter).padStart(6, '0')}`;
}

/** The UTC year of an ISO instant: the ref counter's key. */
export function ticketYear(now: string): number {
  const time = Date.parse(now);
  if (Number.isNaN(time)) throw new Error(`invalid instant: ${now}`);
  return new Date(time).getUTCFullYear();
}

/** The higher of two priorities (low < normal < high < critical). */
export function higherPriority(a: Priority, b: Priority): Priority {
  return PRIORITIES.indexOf(a) >= PRIORITIES.indexOf(b) ? a : b;
}

/** Whether a new ticket may be merged into an open one at all: never complaints (DESIGN §6). */
export function mayMerge(input: Pick<NewTicket, 'source' | 'category'>, dedupeSince: string | null): dedupeSince is string {
  return dedupeSince !== null && input.source !== 'complaint' && input.category !== 'complaint';
}

/** The instants an SLA filter compares due times with; throws when the filter lacks them (a caller bug). */
export function slaBounds(filter: Pick<TicketFilter, 'sla' | 'now' | 'atRiskWithinMs'>): { now: string; riskUntil: string | null } | null {
  if (filter.sla === undefined) return null;
  if (filter.now === undefined || Number.isNaN(Date.parse(filter.now))) {
    throw new Error(`listTickets: sla '${filter.sla}' needs a valid now`);
  }
  if (filter.sla === 'breached') return { now: filter.now, riskUntil: null };
  if (filter.atRiskWithinMs === undefined || !Number.isFinite(filter.atRiskWithinMs) || filter.atRiskWithinMs < 0) {
    throw new Error('listTickets: sla \'at_risk\' needs atRiskWithinMs >= 0');
  }
  return { now: filter.now, riskUntil: new Date(Date.parse(filter.now) + filter.atRiskWithinMs).toISOString() };
}
