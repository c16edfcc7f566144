import { beforeEach, describe, expect, it } from 'vitest';
import type { Store, TicketReply } from '../store';
import { at, expectOk, type OpenStore, present, ticketInput, useStoreFixture } from './support';

/** Patching, replying, and the first-response SLA: due list and compare-and-set escalation. */
export function describeTicketUpdatesContract(open: OpenStore): void {
  describe('ticket updates and SLA', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const bob = { role: 'agent' as const, name: 'Bob', id: 'bob' };
    const reply = (text: string): TicketReply => ({ authorRole: 'agent', authorName: 'Bob', authorId: 'bob', text });
    const create = async (email: string, dueSeconds: number, now = at(0)) => (await store.createTicket(
      ticketInput({ requesterEmail: email, firstResponseDueAt: at(dueSeconds) }), { dedupeSince: null }, now,
    )).ticket;

    it('records one entry per field that really changed', async () => {
      const ticket = await create('a@example.com', 100);
      const same = present(await store.updateTicket(ticket.ref, { status: 'open', priority: 'normal', assigneeId: null }, bob, at(10)));
      expect(same).toEqual({ ticket, entries: [] });
      expect(present(await store.updateTicket(ticket.ref, {}, bob, at(10))).entries).toEqual([]);

      const changed = present(await store.updateTicket(ticket.ref, { status: 'pending', priority: 'normal', assigneeId: 'bob' }, bob, at(20)));
      expect(changed.ticket).toEqual({ ...ticket, status: 'pending', assigneeId: 'bob', updatedAt: at(20), lastActivityAt: at(20) });
      expect(changed.entries.map((e) => [e.position, e.kind, e.data])).toEqual([
        [2, 'status', { from: 'open', to: 'pending' }], [3, 'assignee', { from: null, to: 'bob' }],
      ]);
      expect(changed.entries[0]).toMatchObject({ authorRole: 'agent', authorName: 'Bob', authorId: 'bob', at: at(20), text: null });
      const unassigned = present(await store.updateTicket(ticket.ref, { assigneeId: null, priority: 'critical' }, bob, at(30)));
      expect(unassigned.entries.map((e) => [e.kind, e.data])).toEqual([
        ['priority', { from: 'normal', to: 'critical' }], ['assignee', { from: 'bob', to: null }],
      ]);
      expect(await store.getTicket(ticket.ref)).toEqual(unassigned.ticket);
      expect(await store.updateTicket('TCK-2026-999999', { status: 'closed' }, bob, at(40))).toBeNull();
      expect((await store.listTicketEntries(ticket.ref)).map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    });

    it('sets firstRespondedAt on the first reply only', async () => {
      const ticket = await create('a@example.com', 100);
      const first = present(await store.addTicketReply(ticket.ref, reply('Bonjour'), at(10)));
      expect(first.ticket).toMatchObject({ firstRespondedAt: at(10), updatedAt: at(10), lastActivityAt: at(10) });
      expect(first.entry).toMatchObject({
        ticketRef: ticket.ref, position: 2, kind: 'reply', at: at(10), authorRole: 'agent', authorName: 'Bob',
        authorId: 'bob', text: 'Bonjour', chatId: null, data: null,
      });
      const second = present(await store.addTicketReply(ticket.ref, reply('Encore'), at(20)));
      expect(second.ticket).toMatchObject({ firstRespondedAt: at(10), lastActivityAt: at(20) });
      expect(await store.addTicketReply('TCK-2026-999999', reply('x'), at(30))).toBeNull();
    });

    it('keeps entry positions gap-free under 40 concurrent writes', async () => {
      const ticket = await create('a@example.com', 100);
      const statuses = ['pending', 'open'] as const;
      await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0
        ? store.addTicketReply(ticket.ref, reply(`r${i}`), at(10 + i))
        : store.updateTicket(ticket.ref, { status: statuses[i % 4 === 1 ? 0 : 1] }, bob, at(10 + i)))));
      const positions = (await store.listTicketEntries(ticket.ref)).map((e) => e.position);
      expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1));
      expect(positions.length).toBeGreaterThanOrEqual(21);
    });

    it('lists open, unanswered tickets that are due, oldest due first', async () => {
      const late = await create('late@example.com', 50);
      const later = await create('later@example.com', 80);
      const notYet = await create('soon@example.com', 200);
      const answered = await create('answered@example.com', 10);
      const resolved = await create('resolved@example.com', 20);
      const pending = await create('pending@example.com', 90);
      await store.addTicketReply(answered.ref, reply('Vu'), at(5));
      await store.updateTicket(resolved.ref, { status: 'resolved' }, bob, at(5));
      await store.updateTicket(pending.ref, { status: 'pending' }, bob, at(5));
      const due = async (seconds: number) => (await store.listTicketsDue(at(seconds))).map((t) => t.ref);
      expect(await due(49)).toEqual([]);
      expect(await due(50)).toEqual([late.ref]);
      expect(await due(100)).toEqual([late.ref, later.ref, pending.ref]);
      expect(await due(300)).toEqual([late.ref, later.ref, pending.ref, notYet.ref]);
    });

    it('escalates once per level (compare-and-set) and records it', async () => {
      const ticket = await create('a@example.com', 50);
      const change = { fromLevel: 0, priority: 'high' as const, nextDueAt: at(150) };
      const result = expectOk(await store.escalateTicket(ticket.ref, change, at(60)));
      expect(result.ticket).toEqual({
        ...ticket, escalationLevel: 1, priority: 'high', firstResponseDueAt: at(150), updatedAt: at(60),
      });
      expect(result.entry).toMatchObject({
        position: 2, kind: 'escalation', at: at(60), authorRole: 'system', data: { level: 1, dueAt: at(150), priority: 'high' },
      });
      expect(await store.getTicket(ticket.ref)).toEqual(result.ticket);
      expect(await store.escalateTicket(ticket.ref, change, at(61))).toEqual({ ok: false, reason: 'stale' });
      expect(await store.listTicketsDue(at(100))).toEqual([]);
      expect((await store.listTicketsDue(at(150))).map((t) => t.ref)).toEqual([ticket.ref]);
      const next = { fromLevel: 1, priority: 'critical' as const, nextDueAt: at(250) };
      expect(expectOk(await store.escalateTicket(ticket.ref, next, at(151))).ticket.escalationLevel).toBe(2);
      await store.addTicketReply(ticket.ref, reply('Enfin'), at(160));
      expect(await store.escalateTicket(ticket.ref, { ...next, fromLevel: 2 }, at(260))).toEqual({ ok: false, reason: 'stale' });
      expect(await store.escalateTicket('TCK-2026-999999', change, at(60))).toEqual({ ok: false, reason: 'not_found' });
      const closed = await create('b@example.com', 10);
      await store.updateTicket(closed.ref, { status: 'closed' }, bob, at(11));
      expect(await store.escalateTicket(closed.ref, change, at(12))).toEqual({ ok: false, reason: 'stale' });
    });

    it('lets exactly one of 10 concurrent escalations from the same level through', async () => {
      const ticket = await create('a@example.com', 50);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        store.escalateTicket(ticket.ref, { fromLevel: 0, priority: 'high', nextDueAt: at(150 + i) }, at(60 + i))));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      for (const r of results.filter((x) => !x.ok)) expect(r).toEqual({ ok: false, reason: 'stale' });
      const stored = present(await store.getTicket(ticket.ref));
      expect(stored.escalationLevel).toBe(1);
      expect((await store.listTicketEntries(ticket.ref)).filter((e) => e.kind === 'escalation')).toHaveLength(1);
    });
  });
}
