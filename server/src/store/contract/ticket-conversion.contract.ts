import { beforeEach, describe, expect, it } from 'vitest';
import type { NewTicket, Store } from '../store';
import { at, expectOk, type OpenStore, present, ticketInput, useStoreFixture } from './support';

/** A conversion input: the chat's requester, no text (the transcript is the content). */
function conversion(overrides: Partial<NewTicket> = {}): Omit<NewTicket, 'visitorId'> {
  const { visitorId: _ignored, ...input } = ticketInput({
    source: 'chat', text: null, author: { role: 'agent', name: 'Agent alice', id: 'alice' }, ...overrides,
  });
  return input;
}

/** Turning chats into tickets: once per chat, freeing the agent's slot. */
export function describeTicketConversionContract(open: OpenStore): void {
  describe('chat conversion', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const { newAgent, newChat, send } = f;
    const week = { dedupeSince: at(0) };

    it('converts an active chat into a ticket carrying it, and frees the slot', async () => {
      const alice = await newAgent('alice');
      const chat = await newChat({}, at(1));
      expectOk(await store.assignChat(chat.id, alice.id, 1, at(2)));
      const result = expectOk(await store.convertChat(chat.id, conversion(), week, at(30)));
      expect(result).toMatchObject({ changed: true, merged: false });
      expect(result.ticket).toMatchObject({
        ref: 'TCK-2026-000001', source: 'chat', status: 'open', chatIds: [chat.id], visitorIds: [chat.visitorId],
        createdAt: at(30), lastActivityAt: at(30),
      });
      expect(result.chat).toMatchObject({
        id: chat.id, status: 'converted', endedAt: at(30), ticketRef: result.ticket.ref, ticketMerged: false,
        agentId: alice.id,
      });
      expect(await store.getChat(chat.id)).toEqual(result.chat);
      expect(await store.getTicket(result.ticket.ref)).toEqual(result.ticket);
      const entries = await store.listTicketEntries(result.ticket.ref);
      expect(entries.map((e) => [e.position, e.kind, e.chatId, e.text])).toEqual([
        [1, 'created', null, null], [2, 'transcript', chat.id, null],
      ]);
      expect(present(entries[1])).toMatchObject({ authorRole: 'agent', authorName: 'Agent alice', authorId: 'alice', at: at(30) });
      expect(await store.countActiveChats(alice.id)).toBe(0);
      expect(await store.listActiveChats()).toEqual([]);
      expect(await store.getOpenChatOfVisitor(chat.visitorId)).toBeNull();
      expect(await send(chat.id, 'encore ?')).toEqual({ ok: false, reason: 'chat_closed' });
      const next = await newChat({}, at(40));
      expectOk(await store.assignChat(next.id, alice.id, 1, at(41)));
    });

    it('is idempotent per chat', async () => {
      const chat = await newChat();
      const first = expectOk(await store.convertChat(chat.id, conversion(), week, at(10)));
      const again = expectOk(await store.convertChat(chat.id, conversion({ subject: 'Autre' }), week, at(20)));
      expect(again).toEqual({ ...first, changed: false });
      expect(await store.listTicketEntries(first.ticket.ref)).toHaveLength(2);
      expect((await store.listTickets({ limit: 10, offset: 0 })).total).toBe(1);
    });

    it('creates exactly one ticket and transcript for 20 concurrent conversions', async () => {
      const alice = await newAgent('alice');
      const chat = await newChat();
      expectOk(await store.assignChat(chat.id, alice.id, 3, at(2)));
      const results = (await Promise.all(Array.from({ length: 20 }, (_, i) =>
        store.convertChat(chat.id, conversion(), week, at(10 + i))))).map(expectOk);
      expect(results.filter((r) => r.changed)).toHaveLength(1);
      const winner = present(results.find((r) => r.changed));
      for (const r of results) {
        expect(r.ticket.ref).toBe(winner.ticket.ref);
        expect(r.merged).toBe(winner.merged);
        expect(r.chat).toEqual(winner.chat);
      }
      expect((await store.listTickets({ limit: 50, offset: 0 })).total).toBe(1);
      const entries = await store.listTicketEntries(winner.ticket.ref);
      expect(entries.filter((e) => e.kind === 'transcript')).toHaveLength(1);
      expect(present(await store.getTicket(winner.ticket.ref)).chatIds).toEqual([chat.id]);
    });

    it('merges a conversion into the requester\'s open ticket and remembers it', async () => {
      const existing = await store.createTicket(ticketInput({ priority: 'low', visitorId: 'form-visitor' }), week, at(5));
      const chat = await newChat({ visitorEmail: 'AMINA@example.com' }, at(6));
      const result = expectOk(await store.convertChat(chat.id, conversion({ requesterEmail: 'AMINA@example.com', priority: 'high' }), week, at(10)));
      expect(result).toMatchObject({ merged: true, changed: true, chat: { ticketRef: existing.ticket.ref, ticketMerged: true } });
      expect(result.ticket).toMatchObject({
        ref: existing.ticket.ref, priority: 'high', chatIds: [chat.id], visitorIds: ['form-visitor', chat.visitorId],
        firstResponseDueAt: existing.ticket.firstResponseDueAt, escalationLevel: 0, lastActivityAt: at(10),
      });
      expect((await store.listTicketEntries(existing.ticket.ref)).map((e) => e.kind)).toEqual(['created', 'merged', 'transcript']);
      const again = expectOk(await store.convertChat(chat.id, conversion(), week, at(20)));
      expect(again).toMatchObject({ merged: true, changed: false, ticket: { ref: existing.ticket.ref } });
      // A second chat of the same requester lands in the same ticket.
      const other = await newChat({}, at(30));
      const second = expectOk(await store.convertChat(other.id, conversion(), week, at(31)));
      expect(second.ticket).toMatchObject({ ref: existing.ticket.ref, chatIds: [chat.id, other.id] });
    });

    it('converts a queued chat, and refuses ended or unknown chats', async () => {
      const queued = await newChat();
      expect(expectOk(await store.convertChat(queued.id, conversion(), week, at(10))).chat.status).toBe('converted');
      const ended = await newChat();
      expectOk(await store.endChat(ended.id, 'ended', at(11)));
      expect(await store.convertChat(ended.id, conversion(), week, at(12))).toEqual({ ok: false, reason: 'chat_closed' });
      const closedAsConverted = await newChat();
      expectOk(await store.endChat(closedAsConverted.id, 'converted', at(13)));
      expect(await store.convertChat(closedAsConverted.id, conversion(), week, at(14))).toEqual({ ok: false, reason: 'chat_closed' });
      expect(await store.convertChat('missing', conversion(), week, at(15))).toEqual({ ok: false, reason: 'chat_not_found' });
      expect((await store.listTickets({ limit: 10, offset: 0 })).total).toBe(1);
    });
  });
}
