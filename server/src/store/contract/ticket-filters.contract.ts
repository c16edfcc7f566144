import { beforeEach, describe, expect, it } from 'vitest';
import type { NewTicket, Store, TicketFilter } from '../store';
import { at, expectOk, type OpenStore, ticketInput, useStoreFixture } from './support';

/** listTickets filters by category, visitor and first-response SLA state. */
export function describeTicketFiltersContract(open: OpenStore): void {
  describe('ticket filters', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const agent = { role: 'agent' as const, name: 'Bob', id: 'bob' };
    let seconds = 0;
    /** Creates a ticket (never merged: every requester is distinct) one second after the last. */
    const create = async (overrides: Partial<NewTicket> = {}) => {
      seconds += 1;
      const input = ticketInput({ requesterEmail: `f${seconds}@example.com`, ...overrides });
      return (await store.createTicket(input, { dedupeSince: null }, at(seconds))).ticket;
    };
    const refs = async (filter: Partial<TicketFilter>) => {
      const { tickets, total } = await store.listTickets({ limit: 100, offset: 0, ...filter });
      expect(total).toBe(tickets.length);
      return tickets.map((t) => t.ref);
    };

    it('filters by category, alone and with other filters', async () => {
      const outage = await create({ category: 'outage', priority: 'critical' });
      const billing = await create({ category: 'billing', department: 'billing', priority: 'low' });
      const outage2 = await create({ category: 'outage', priority: 'critical' });
      const complaint = await create({ category: 'complaint', source: 'complaint', priority: 'high' });
      expect(await refs({ category: 'outage' })).toEqual([outage2.ref, outage.ref]);
      expect(await refs({ category: 'billing' })).toEqual([billing.ref]);
      expect(await refs({ category: 'complaint', priority: 'high' })).toEqual([complaint.ref]);
      expect(await refs({ category: 'outage', department: 'billing' })).toEqual([]);
      expect(await refs({ category: 'sales' })).toEqual([]);
    });

    it('lists a visitor\'s own tickets, merged ones included', async () => {
      const mine = await create({ visitorId: 'visitor-a', requesterEmail: 'amina@example.com' });
      const theirs = await create({ visitorId: 'visitor-b' });
      const anonymous = await create({ visitorId: null });
      // visitor-c submits again with amina's e-mail: merged into her ticket, which becomes theirs too.
      const merged = await store.createTicket(ticketInput({ visitorId: 'visitor-c', requesterEmail: 'amina@example.com' }), { dedupeSince: at(0) }, at(50));
      expect(merged.ticket.ref).toBe(mine.ref);
      const later = await create({ visitorId: 'visitor-c', category: 'billing', department: 'billing' });
      expect(await refs({ visitorId: 'visitor-a' })).toEqual([mine.ref]);
      expect(await refs({ visitorId: 'visitor-b' })).toEqual([theirs.ref]);
      expect(await refs({ visitorId: 'visitor-c' })).toEqual([later.ref, mine.ref]);
      expect(await refs({ visitorId: 'visitor-c', department: 'billing' })).toEqual([later.ref]);
      expect(await refs({ visitorId: 'visitor' })).toEqual([]);
      expect(await refs({})).toContain(anonymous.ref);
    });

    describe('SLA', () => {
      const now = at(1000);
      const hour = 3600;
      const breached = { sla: 'breached' as const, now };
      const atRisk = { sla: 'at_risk' as const, now, atRiskWithinMs: hour * 1000 };
      /** Tickets in every SLA state, due relative to `now` (seconds). */
      const seed = async () => {
        const due = (s: number) => ({ firstResponseDueAt: at(1000 + s) });
        const late = await create(due(-100));
        const dueNow = await create(due(0));
        const soon = await create(due(1));
        const atEdge = await create(due(hour));
        const later = await create(due(hour + 1));
        const escalated = await create(due(-500));
        expectOk(await store.escalateTicket(escalated.ref, { fromLevel: 0, priority: 'high', nextDueAt: at(1000 + 2 * hour) }, at(600)));
        const escalatedSoon = await create(due(-400));
        expectOk(await store.escalateTicket(escalatedSoon.ref, { fromLevel: 0, priority: 'high', nextDueAt: at(1000 + 10) }, at(700)));
        const answered = await create(due(-300));
        await store.addTicketReply(answered.ref, { authorRole: 'agent', authorName: 'Bob', authorId: 'bob', text: 'Vu' }, at(20));
        const answeredSoon = await create(due(5));
        await store.addTicketReply(answeredSoon.ref, { authorRole: 'agent', authorName: 'Bob', authorId: 'bob', text: 'Vu' }, at(20));
        const resolved = await create(due(-200));
        await store.updateTicket(resolved.ref, { status: 'resolved' }, agent, at(30));
        const closedSoon = await create(due(6));
        await store.updateTicket(closedSoon.ref, { status: 'closed' }, agent, at(30));
        const pending = await create({ ...due(-250), department: 'billing', category: 'billing' });
        await store.updateTicket(pending.ref, { status: 'pending' }, agent, at(31));
        const pendingSoon = await create({ ...due(2), department: 'billing', category: 'billing' });
        await store.updateTicket(pendingSoon.ref, { status: 'pending' }, agent, at(31));
        return { late, dueNow, soon, atEdge, later, escalated, escalatedSoon, pending, pendingSoon };
      };

      it('lists breached tickets, first response due soonest first', async () => {
        const t = await seed();
        // Escalated tickets stay breached although their next due time is ahead.
        expect(await refs(breached)).toEqual([
          t.pending.ref, t.late.ref, t.dueNow.ref, t.escalatedSoon.ref, t.escalated.ref,
        ].map((r) => r));
        expect(await refs({ ...breached, department: 'billing' })).toEqual([t.pending.ref]);
        expect(await refs({ ...breached, status: 'open', priority: 'high' })).toEqual([t.escalatedSoon.ref, t.escalated.ref]);
        const page = await store.listTickets({ ...breached, limit: 2, offset: 1 });
        expect(page.total).toBe(5);
        expect(page.tickets.map((x) => x.ref)).toEqual([t.late.ref, t.dueNow.ref]);
      });

      it('lists tickets at risk: never escalated, due after now and within the margin', async () => {
        const t = await seed();
        expect(await refs(atRisk)).toEqual([t.soon.ref, t.pendingSoon.ref, t.atEdge.ref]);
        expect(await refs({ ...atRisk, atRiskWithinMs: 1500 })).toEqual([t.soon.ref]);
        expect(await refs({ ...atRisk, atRiskWithinMs: 0 })).toEqual([]);
        expect(await refs({ ...atRisk, status: 'pending' })).toEqual([t.pendingSoon.ref]);
        // A later instant moves tickets from at risk to breached.
        expect(await refs({ ...breached, now: at(1001) })).toContain(t.soon.ref);
        expect(await refs({ ...atRisk, now: at(1001) })).toEqual([t.pendingSoon.ref, t.atEdge.ref, t.later.ref]);
      });

      it('orders tickets due at the same time by creation', async () => {
        const first = await create({ firstResponseDueAt: at(900) });
        const second = await create({ firstResponseDueAt: at(900) });
        const earlier = await create({ firstResponseDueAt: at(800) });
        expect(await refs(breached)).toEqual([earlier.ref, first.ref, second.ref]);
        // Without sla the order is still newest first.
        expect(await refs({})).toEqual([earlier.ref, second.ref, first.ref]);
      });

      it('rejects an SLA filter without its instants', async () => {
        await create();
        const page = { limit: 10, offset: 0 };
        await expect(store.listTickets({ ...page, sla: 'breached' })).rejects.toThrow();
        await expect(store.listTickets({ ...page, sla: 'at_risk', now })).rejects.toThrow();
        expect((await store.listTickets({ ...page, now, atRiskWithinMs: 5 })).total).toBe(1);
      });
    });
  });
}
