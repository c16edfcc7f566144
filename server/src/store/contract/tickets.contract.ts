import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { at, type OpenStore, present, ticketInput, useStoreFixture } from './support';

/** Ticket creation: references, the 'created' entry and the merge rules (rule 2). */
export function describeTicketsContract(open: OpenStore): void {
  describe('tickets', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const week = { dedupeSince: at(0) };
    const noDedupe = { dedupeSince: null };

    it('creates an open ticket with a reference and a created entry', async () => {
      const input = ticketInput({ urgent: true, priority: 'high', category: 'outage' });
      const { ticket, merged, entry } = await store.createTicket(input, week, at(10));
      expect(merged).toBe(false);
      expect(ticket).toEqual({
        id: expect.any(String), ref: 'TCK-2026-000001', subject: input.subject, department: 'technical',
        category: 'outage', priority: 'high', urgent: true, status: 'open', requesterName: 'Amina',
        requesterEmail: 'amina@example.com', source: 'form', chatIds: [], visitorIds: ['visitor-a'],
        assigneeId: null, firstResponseDueAt: input.firstResponseDueAt, firstRespondedAt: null,
        escalationLevel: 0, createdAt: at(10), updatedAt: at(10), lastActivityAt: at(10),
      });
      expect(entry).toEqual({
        id: expect.any(String), ticketRef: ticket.ref, position: 1, kind: 'created', at: at(10),
        authorRole: 'visitor', authorName: 'Amina', authorId: null, text: input.text, chatId: null, data: null,
      });
      expect(await store.getTicket(ticket.ref)).toEqual(ticket);
      expect(await store.listTicketEntries(ticket.ref)).toEqual([entry]);
      expect(await store.getTicket(ticket.ref.toLowerCase())).toBeNull();
      expect(await store.getTicket('TCK-2026-999999')).toBeNull();
      expect(await store.listTicketEntries('TCK-2026-999999')).toEqual([]);
      const anonymous = await store.createTicket(ticketInput({ visitorId: null, requesterEmail: 'x@example.com' }), week, at(11));
      expect(anonymous.ticket.visitorIds).toEqual([]);
    });

    it('hands out distinct, gap-free references under 50 concurrent creations', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
        store.createTicket(ticketInput({ requesterEmail: `r${i}@example.com` }), week, at(i))));
      const refs = results.map((r) => r.ticket.ref);
      for (const ref of refs) expect(ref).toMatch(/^TCK-2026-\d{6}$/);
      expect(results.every((r) => !r.merged)).toBe(true);
      expect([...refs].sort()).toEqual(Array.from({ length: 50 }, (_, i) => `TCK-2026-${String(i + 1).padStart(6, '0')}`));
      expect(new Set(results.map((r) => r.ticket.id)).size).toBe(50);
      // Each year has its own counter.
      const next = await store.createTicket(ticketInput({ requesterEmail: 'n@example.com' }), noDedupe, '2027-01-01T00:00:00.000Z');
      expect(next.ticket.ref).toBe('TCK-2027-000001');
      const after = await store.createTicket(ticketInput({ requesterEmail: 'm@example.com' }), noDedupe, at(99));
      expect(after.ticket.ref).toBe('TCK-2026-000051');
    });

    it('merges a ticket from the same e-mail, whatever its case, into the open one', async () => {
      const first = await store.createTicket(ticketInput({ priority: 'normal', urgent: false }), week, at(10));
      const input = ticketInput({
        requesterEmail: '  AMINA@Example.COM ', priority: 'high', urgent: true, visitorId: 'visitor-b',
        subject: 'Encore en panne', text: 'Toujours rien.', firstResponseDueAt: at(99_999), category: 'outage',
        author: { role: 'visitor', name: 'Amina B.', id: null },
      });
      const second = await store.createTicket(input, week, at(20));
      expect(second.merged).toBe(true);
      expect(second.ticket).toEqual({
        ...first.ticket, priority: 'high', urgent: true, visitorIds: ['visitor-a', 'visitor-b'],
        updatedAt: at(20), lastActivityAt: at(20),
      });
      expect(second.entry).toMatchObject({
        ticketRef: first.ticket.ref, position: 2, kind: 'merged', at: at(20), authorRole: 'visitor',
        authorName: 'Amina B.', text: 'Toujours rien.', data: { subject: 'Encore en panne' },
      });
      expect(await store.getTicket(first.ticket.ref)).toEqual(second.ticket);
      // The same visitor again: no duplicate visitor id; priority never goes down.
      const third = await store.createTicket(ticketInput({ visitorId: 'visitor-b', priority: 'low' }), week, at(30));
      expect(third.ticket).toMatchObject({ ref: first.ticket.ref, priority: 'high', urgent: true, visitorIds: ['visitor-a', 'visitor-b'] });
      expect((await store.listTicketEntries(first.ticket.ref)).map((e) => [e.position, e.kind]))
        .toEqual([[1, 'created'], [2, 'merged'], [3, 'merged']]);
      const critical = await store.createTicket(ticketInput({ priority: 'critical' }), week, at(40));
      expect(critical.ticket).toMatchObject({ ref: first.ticket.ref, priority: 'critical' });
    });

    it('creates a new ticket for another department, an expired window or no window', async () => {
      const first = await store.createTicket(ticketInput(), week, at(100));
      const billing = await store.createTicket(ticketInput({ department: 'billing', category: 'billing' }), week, at(110));
      expect(billing.merged).toBe(false);
      expect(billing.ticket.ref).not.toBe(first.ticket.ref);
      // The window counts from the last activity: lastActivityAt >= dedupeSince merges.
      const atEdge = await store.createTicket(ticketInput(), { dedupeSince: at(100) }, at(120));
      expect(atEdge).toMatchObject({ merged: true, ticket: { ref: first.ticket.ref, lastActivityAt: at(120) } });
      const expired = await store.createTicket(ticketInput(), { dedupeSince: at(121) }, at(130));
      expect(expired.merged).toBe(false);
      const unwindowed = await store.createTicket(ticketInput(), noDedupe, at(140));
      expect(unwindowed.merged).toBe(false);
      expect(new Set([first, billing, expired, unwindowed].map((r) => r.ticket.ref)).size).toBe(4);
    });

    it('merges into the most recently active open ticket of the requester', async () => {
      const older = await store.createTicket(ticketInput(), noDedupe, at(10));
      const newer = await store.createTicket(ticketInput(), noDedupe, at(20));
      expect((await store.createTicket(ticketInput(), week, at(30))).ticket.ref).toBe(newer.ticket.ref);
      await store.addTicketReply(older.ticket.ref, { authorRole: 'agent', authorName: 'Bob', authorId: 'b', text: 'Vu' }, at(40));
      expect((await store.createTicket(ticketInput(), week, at(50))).ticket.ref).toBe(older.ticket.ref);
    });

    it('merges into pending tickets but not into resolved or closed ones', async () => {
      const actor = { role: 'agent' as const, name: 'Bob', id: 'b' };
      const first = await store.createTicket(ticketInput(), week, at(10));
      await store.updateTicket(first.ticket.ref, { status: 'pending' }, actor, at(11));
      expect((await store.createTicket(ticketInput(), week, at(12))).merged).toBe(true);
      await store.updateTicket(first.ticket.ref, { status: 'resolved' }, actor, at(13));
      const afterResolved = await store.createTicket(ticketInput(), week, at(14));
      expect(afterResolved.merged).toBe(false);
      await store.updateTicket(afterResolved.ticket.ref, { status: 'closed' }, actor, at(15));
      const afterClosed = await store.createTicket(ticketInput(), week, at(16));
      expect(afterClosed.merged).toBe(false);
      expect(new Set([first, afterResolved, afterClosed].map((r) => r.ticket.ref)).size).toBe(3);
    });

    it('never merges complaints, in either direction', async () => {
      const complaint = { category: 'complaint' as const, source: 'complaint' as const, priority: 'high' as const };
      const c1 = await store.createTicket(ticketInput(complaint), week, at(10));
      const c2 = await store.createTicket(ticketInput(complaint), week, at(11));
      expect([c1.merged, c2.merged]).toEqual([false, false]);
      const plain = await store.createTicket(ticketInput(), week, at(12));
      expect(plain.merged).toBe(false);
      const bySource = await store.createTicket(ticketInput({ source: 'complaint' }), week, at(13));
      const byCategory = await store.createTicket(ticketInput({ category: 'complaint' }), week, at(14));
      expect([bySource.merged, byCategory.merged]).toEqual([false, false]);
      expect(new Set([c1, c2, plain, bySource, byCategory].map((r) => r.ticket.ref)).size).toBe(5);
      expect(present(await store.getTicket(plain.ticket.ref)).visitorIds).toEqual(['visitor-a']);
    });

    it('creates exactly one ticket for 10 concurrent submissions of one requester', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        store.createTicket(ticketInput({ visitorId: `v${i}` }), week, at(10 + i))));
      expect(results.filter((r) => !r.merged)).toHaveLength(1);
      expect(new Set(results.map((r) => r.ticket.ref)).size).toBe(1);
      const ref = present(results[0]).ticket.ref;
      const entries = await store.listTicketEntries(ref);
      expect(entries.map((e) => e.position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(entries.filter((e) => e.kind === 'created')).toHaveLength(1);
      expect(present(await store.getTicket(ref)).visitorIds).toHaveLength(10);
    });
  });
}
