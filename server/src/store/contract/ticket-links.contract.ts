import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { at, expectOk, type OpenStore, present, ticketInput, useStoreFixture } from './support';

/** Linking a chat to a ticket without converting it (complaints, rule 9). */
export function describeTicketLinksContract(open: OpenStore): void {
  describe('chat links', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const { newAgent, newChat, send } = f;
    const supervisor = { role: 'agent' as const, name: 'Superviseur', id: 'sup' };
    const complaint = async (now = at(5)) => (await store.createTicket(ticketInput({
      category: 'complaint', source: 'complaint', priority: 'high', subject: 'Réclamation',
    }), { dedupeSince: null }, now)).ticket;

    it('adds the chat and a transcript entry, and leaves the chat with its agent', async () => {
      const alice = await newAgent('alice');
      const chat = await newChat({}, at(1));
      const active = expectOk(await store.assignChat(chat.id, alice.id, 1, at(2))).chat;
      expectOk(await send(chat.id, 'Je veux parler à un responsable', {}, at(3)));
      const ticket = await complaint();
      const result = expectOk(await store.linkChatToTicket(ticket.ref, chat.id, supervisor, at(20)));
      expect(result.changed).toBe(true);
      expect(result.ticket).toEqual({ ...ticket, chatIds: [chat.id], updatedAt: at(20), lastActivityAt: at(20) });
      expect(result.entry).toEqual({
        id: expect.any(String), ticketRef: ticket.ref, position: 2, kind: 'transcript', at: at(20),
        authorRole: 'agent', authorName: 'Superviseur', authorId: 'sup', text: null, chatId: chat.id, data: null,
      });
      expect(await store.getTicket(ticket.ref)).toEqual(result.ticket);
      expect(await store.listTicketEntries(ticket.ref)).toEqual([expect.objectContaining({ kind: 'created' }), result.entry]);
      // The chat goes on: same status, agent and slot, still open to messages, no ticketRef.
      const after = present(await store.getChat(chat.id));
      expect(after).toMatchObject({ status: 'active', agentId: alice.id, ticketRef: null, ticketMerged: false });
      expect(after.lastSeq).toBe(active.lastSeq + 1);
      expect(await store.countActiveChats(alice.id)).toBe(1);
      expectOk(await send(chat.id, 'Merci', {}, at(21)));
      // Its messages are now part of the ticket's searchable text.
      expect((await store.listTickets({ q: 'un responsable', limit: 10, offset: 0 })).tickets.map((t) => t.ref)).toEqual([ticket.ref]);
    });

    it('is a no-op the second time, answering the original entry', async () => {
      const chat = await newChat();
      const ticket = await complaint();
      const first = expectOk(await store.linkChatToTicket(ticket.ref, chat.id, supervisor, at(20)));
      const again = expectOk(await store.linkChatToTicket(ticket.ref, chat.id, { ...supervisor, name: 'Autre' }, at(30)));
      expect(again).toEqual({ ...first, changed: false });
      expect(await store.getTicket(ticket.ref)).toEqual(first.ticket);
      expect(await store.listTicketEntries(ticket.ref)).toHaveLength(2);
      // A second chat is added after the first.
      const other = await newChat();
      const second = expectOk(await store.linkChatToTicket(ticket.ref, other.id, supervisor, at(40)));
      expect(second.ticket.chatIds).toEqual([chat.id, other.id]);
      expect(second.entry.position).toBe(3);
    });

    it('links once under 10 concurrent requests', async () => {
      const chat = await newChat();
      const ticket = await complaint();
      const results = (await Promise.all(Array.from({ length: 10 }, (_, i) =>
        store.linkChatToTicket(ticket.ref, chat.id, supervisor, at(20 + i))))).map(expectOk);
      expect(results.filter((r) => r.changed)).toHaveLength(1);
      const entryIds = new Set(results.map((r) => r.entry.id));
      expect(entryIds.size).toBe(1);
      expect(present(await store.getTicket(ticket.ref)).chatIds).toEqual([chat.id]);
      expect((await store.listTicketEntries(ticket.ref)).filter((e) => e.kind === 'transcript')).toHaveLength(1);
    });

    it('answers the conversion entry for a chat converted into the ticket', async () => {
      const chat = await newChat();
      const converted = expectOk(await store.convertChat(chat.id, {
        ...ticketInput({ source: 'chat', text: null }), author: supervisor,
      }, { dedupeSince: null }, at(10)));
      const transcript = present((await store.listTicketEntries(converted.ticket.ref)).find((e) => e.kind === 'transcript'));
      const linked = expectOk(await store.linkChatToTicket(converted.ticket.ref, chat.id, supervisor, at(20)));
      expect(linked).toEqual({ ok: true, ticket: converted.ticket, entry: transcript, changed: false });
    });

    it('leaves a linked chat free to be converted into a ticket of its own', async () => {
      const chat = await newChat({ visitorEmail: 'amina@example.com' });
      const ticket = await complaint();
      expectOk(await store.linkChatToTicket(ticket.ref, chat.id, supervisor, at(20)));
      const converted = expectOk(await store.convertChat(chat.id, {
        ...ticketInput({ source: 'chat', text: null }), author: supervisor,
      }, { dedupeSince: at(0) }, at(30)));
      expect(converted).toMatchObject({ changed: true, merged: false, chat: { status: 'converted' } });
      expect(converted.ticket.ref).not.toBe(ticket.ref);
      expect(present(await store.getTicket(ticket.ref)).chatIds).toEqual([chat.id]);
    });

    it('links ended chats, and refuses an unknown ticket before an unknown chat', async () => {
      const ended = await newChat();
      expectOk(await store.endChat(ended.id, 'ended', at(10)));
      const ticket = await complaint();
      expect(expectOk(await store.linkChatToTicket(ticket.ref, ended.id, supervisor, at(20))).ticket.chatIds).toEqual([ended.id]);
      expect(present(await store.getChat(ended.id)).status).toBe('ended');
      expect(await store.linkChatToTicket('TCK-2026-999999', 'missing', supervisor, at(30)))
        .toEqual({ ok: false, reason: 'ticket_not_found' });
      expect(await store.linkChatToTicket(ticket.ref, 'missing', supervisor, at(30)))
        .toEqual({ ok: false, reason: 'chat_not_found' });
      expect(await store.listTicketEntries(ticket.ref)).toHaveLength(2);
    });
  });
}
