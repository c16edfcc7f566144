import type { TicketView } from '@besoin/shared';
import { debug } from '../debug';

// What the start screen needs besides the departments: the public configuration (phone number,
// customer area, first-response target) and the visitor's own tickets (emergency offer, phone rule).
// The widget has no direct zod dependency, and parsing the whole TicketView with shared's schema
// would add to the first-open budget: the fields the widget reads are checked by hand.

/** What the widget reads of the visitor's tickets (a `TicketView` has more). */
export type VisitorTicket = Pick<TicketView, 'ref' | 'subject' | 'category' | 'status' | 'createdAt' | 'firstRespondedAt'>;

/** `GET /api/public/config`. */
export interface PublicConfig {
  phone: string;
  customerAreaUrl: string;
  firstResponseHours: number;
}

/** GETs `url` as JSON (with the visitor's token when given); `undefined` on any failure. */
export async function getJson(url: string, token?: string | null, fetchFn: typeof fetch = fetch): Promise<unknown> {
  try {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers['Authorization'] = `Bearer ${token}`;
    const res = await fetchFn(url, { headers });
    return res.ok ? await res.json() : undefined;
  } catch (error) {
    debug('GET', url, error);
    return undefined;
  }
}

/** The body of `GET /api/public/config`, or `null` when it does not follow the contract. */
export function parseConfig(body: unknown): PublicConfig | null {
  const c = body as Partial<PublicConfig> | null | undefined;
  return typeof c?.phone === 'string' && typeof c.customerAreaUrl === 'string'
    ? { phone: c.phone, customerAreaUrl: c.customerAreaUrl, firstResponseHours: Number(c.firstResponseHours) || 4 }
    : null;
}

/** The tickets of `GET /api/visitor/tickets` (`{ tickets }`, newest first); malformed entries are skipped. */
export function parseTickets(body: unknown): VisitorTicket[] | null {
  const list = (body as { tickets?: unknown } | null | undefined)?.tickets;
  if (!Array.isArray(list)) return null;
  return list.filter(
    (item: Record<string, unknown> | null): item is VisitorTicket =>
      ['ref', 'subject', 'category', 'status', 'createdAt'].every((key) => typeof item?.[key] === 'string') &&
      ['string', 'undefined'].includes(typeof item?.['firstRespondedAt']),
  );
}

const HOUR_MS = 3_600_000;
const isOpen = (ticket: VisitorTicket) => ticket.status === 'open' || ticket.status === 'pending';

/** Tickets on which an emergency may be raised (rule 7): open or pending, category outage. */
export function outageTickets(tickets: readonly VisitorTicket[]): VisitorTicket[] {
  return tickets.filter((ticket) => isOpen(ticket) && ticket.category === 'outage');
}

/** Open tickets with no first response after `hours` hours (rule 6: the visitor may now call). */
export function overdueTickets(tickets: readonly VisitorTicket[], now: number, hours: number): VisitorTicket[] {
  return tickets.filter((ticket) => isOpen(ticket) && !ticket.firstRespondedAt && now - Date.parse(ticket.createdAt) > hours * HOUR_MS);
}

/** The customer area link, only when it is a web address (never `javascript:` from a bad config). */
export function safeUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}
