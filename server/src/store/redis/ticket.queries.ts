import * as z from 'zod';
import type { TicketFilter, TicketRecord } from '../store';
import { slaBounds } from '../ticket.rules';
import { compareText } from './codec';
import type { RedisContext } from './context';
import { listMessages } from './chats';
import { getTicket, listTicketEntries } from './tickets';

// Ticket lists. Redis has no secondary indexes, so listTickets loads the ticket set and filters,
// searches and orders it here, with the SQLite statements' semantics (ticket.statements.ts).
// That is a scan per call: fine for a help desk's thousands of tickets; past that, per-status
// and per-department sets (maintained by the ticket scripts) would narrow the load. The SLA
// sweep does not scan: it reads the tickets-waiting set the scripts keep exact.

const Refs = z.array(z.string());

async function loadTickets(ctx: RedisContext, setKey: string): Promise<TicketRecord[]> {
  const refs = Refs.parse(await ctx.command(['SMEMBERS', setKey]));
  // Concurrent calls share the connection as one pipeline.
  const tickets = await Promise.all(refs.map((ref) => getTicket(ctx, ref)));
  return tickets.filter((t): t is TicketRecord => t !== null);
}

const waiting = (t: TicketRecord): boolean =>
  (t.status === 'open' || t.status === 'pending') && t.firstRespondedAt === null;

/** First response due soonest first, then creation, then ref. */
function byDue(a: TicketRecord, b: TicketRecord): number {
  return compareText(a.firstResponseDueAt, b.firstResponseDueAt) || compareText(a.createdAt, b.createdAt)
    || compareText(a.ref, b.ref);
}

/** Open or pending tickets never responded to whose first response is due at `now`. */
export async function listTicketsDue(ctx: RedisContext, now: string): Promise<TicketRecord[]> {
  return (await loadTickets(ctx, ctx.keys.waitingTickets))
    .filter((t) => waiting(t) && compareText(t.firstResponseDueAt, now) <= 0)
    .sort(byDue);
}

/** Whether the ticket matches every field filter (all but `q`). */
function matchesFields(t: TicketRecord, f: TicketFilter, sla: ReturnType<typeof slaBounds>): boolean {
  if (f.status !== undefined && t.status !== f.status) return false;
  if (f.priority !== undefined && t.priority !== f.priority) return false;
  if (f.department !== undefined && t.department !== f.department) return false;
  if (f.category !== undefined && t.category !== f.category) return false;
  if (f.assigneeId !== undefined && t.assigneeId !== f.assigneeId) return false;
  if (f.visitorId !== undefined && !t.visitorIds.includes(f.visitorId)) return false;
  if (!sla) return true;
  if (!waiting(t)) return false;
  const due = t.firstResponseDueAt;
  if (sla.riskUntil === null) return t.escalationLevel > 0 || compareText(due, sla.now) <= 0;
  return t.escalationLevel === 0 && compareText(due, sla.now) > 0 && compareText(due, sla.riskUntil) <= 0;
}

/** Case-insensitive literal search of subject, requester, entry texts and chat messages. */
async function mentions(ctx: RedisContext, t: TicketRecord, needle: string): Promise<boolean> {
  const has = (text: string | null): boolean => text !== null && text.toLowerCase().includes(needle);
  if (has(t.subject) || has(t.requesterName) || has(t.requesterEmail)) return true;
  if ((await listTicketEntries(ctx, t.ref)).some((e) => has(e.text))) return true;
  for (const chatId of t.chatIds) {
    // Internal notes too, as in SQLite: agents search their own notes.
    const messages = await listMessages(ctx, chatId, 0, { includeInternal: true });
    if (messages.some((m) => has(m.text))) return true;
  }
  return false;
}

/** Matching tickets with the total: newest first, or with `sla` the most urgent first. */
export async function listTickets(
  ctx: RedisContext, filter: TicketFilter,
): Promise<{ tickets: TicketRecord[]; total: number }> {
  const sla = slaBounds(filter);
  let matches = (await loadTickets(ctx, ctx.keys.tickets)).filter((t) => matchesFields(t, filter, sla));
  if (filter.q) {
    const needle = filter.q.toLowerCase();
    const found = await Promise.all(matches.map((t) => mentions(ctx, t, needle)));
    matches = matches.filter((_, i) => found[i]);
  }
  matches.sort(sla ? byDue : (a, b) => compareText(b.createdAt, a.createdAt) || compareText(b.ref, a.ref));
  const start = Math.max(0, filter.offset);
  // A negative limit is no limit, as SQLite's LIMIT -1.
  const page = filter.limit < 0 ? matches.slice(start) : matches.slice(start, start + filter.limit);
  return { tickets: page, total: matches.length };
}
