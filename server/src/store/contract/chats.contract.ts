import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { at, chatInput, expectOk, type OpenStore, useStoreFixture, visitorMessage } from './support';

/** Chat creation, one open chat per visitor, the active list and the long flag. */
export function describeChatsContract(open: OpenStore): void {
  describe('chats', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const { newAgent, newChat, newVisitor } = f;

    it('creates a queued chat with its first message as seq 1', async () => {
      const visitorId = await newVisitor();
      const input = chatInput(visitorId, { urgent: true, priority: 'high', locale: null, pageUrl: null });
      const { chat, message } = expectOk(await store.createChat(input, visitorMessage('Bonjour', 'c-1'), at(3)));
      expect(chat).toMatchObject({
        ...input, status: 'queued', agentId: null, agentName: null, lastSeq: 1, messageCount: 1,
        queuedAt: at(3), requeued: false, firstAssignedAt: null, assignedAt: null, endedAt: null,
        ticketRef: null, createdAt: at(3),
      });
      expect(message).toMatchObject({
        chatId: chat.id, seq: 1, clientMessageId: 'c-1', authorRole: 'visitor', authorName: 'Amina',
        authorId: null, text: 'Bonjour', internal: false, createdAt: at(3),
      });
      expect(await store.getChat(chat.id)).toEqual(chat);
      expect(await store.getOpenChatOfVisitor(visitorId)).toEqual(chat);
      expect(await store.listMessages(chat.id, 0, { includeInternal: true })).toEqual([message]);
      expect(await store.getChat('nope')).toBeNull();
    });

    it('does not count a system first message', async () => {
      const visitorId = await newVisitor();
      const first = { ...visitorMessage('Chat ouvert'), authorRole: 'system' as const, authorName: 'Système' };
      const { chat } = expectOk(await store.createChat(chatInput(visitorId), first, at(1)));
      expect(chat).toMatchObject({ lastSeq: 1, messageCount: 0 });
    });

    it('refuses a second open chat per visitor, and allows one again after it ended', async () => {
      const visitorId = await newVisitor();
      const first = await newChat({ visitorId });
      const refused = await store.createChat(chatInput(visitorId), visitorMessage('Encore'), at(2));
      expect(refused).toEqual({ ok: false, reason: 'visitor_has_active_chat', chatId: first.id });

      const agent = await newAgent('alice');
      expectOk(await store.assignChat(first.id, agent.id, 3, at(3)));
      expect(await store.createChat(chatInput(visitorId), visitorMessage('Encore'), at(4)))
        .toEqual({ ok: false, reason: 'visitor_has_active_chat', chatId: first.id });

      expectOk(await store.endChat(first.id, 'ended', at(5)));
      expect(await store.getOpenChatOfVisitor(visitorId)).toBeNull();
      const second = expectOk(await store.createChat(chatInput(visitorId), visitorMessage('Re'), at(6))).chat;
      expect(second.id).not.toBe(first.id);
      expect((await store.getOpenChatOfVisitor(visitorId))?.id).toBe(second.id);
    });

    it('lets only one of many concurrent createChat calls of a visitor through', async () => {
      const visitorId = await newVisitor();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        store.createChat(chatInput(visitorId), visitorMessage(`m${i}`), at(i))));
      const created = results.filter((r) => r.ok);
      expect(created).toHaveLength(1);
      const winner = created[0];
      if (!winner?.ok) throw new Error('no chat was created');
      const chatId = winner.chat.id;
      for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ reason: 'visitor_has_active_chat', chatId });
    });
    it('lists every active chat of every agent, oldest assignment first', async () => {
      const alice = await newAgent('alice');
      const bob = await newAgent('bob');
      const [c1, c2, c3, queued] = [await newChat(), await newChat(), await newChat(), await newChat()];
      expectOk(await store.assignChat(c2.id, bob.id, 5, at(10)));
      expectOk(await store.assignChat(c3.id, alice.id, 5, at(20)));
      expectOk(await store.assignChat(c1.id, alice.id, 5, at(30)));
      expect((await store.listActiveChats()).map((c) => c.id)).toEqual([c2.id, c3.id, c1.id]);
      expectOk(await store.endChat(c3.id, 'ended', at(40)));
      expectOk(await store.requeueChat(c2.id));
      const active = await store.listActiveChats();
      expect(active.map((c) => c.id)).toEqual([c1.id]);
      expect(active.map((c) => c.id)).not.toContain(queued.id);
      expect(active[0]).toEqual(await store.getChat(c1.id));
    });

    it('flags a chat as long once', async () => {
      const chat = await newChat();
      const first = expectOk(await store.markChatLong(chat.id, at(600)));
      expect(first).toMatchObject({ changed: true, chat: { id: chat.id, longAt: at(600) } });
      expect(await store.getChat(chat.id)).toEqual(first.chat);
      const again = expectOk(await store.markChatLong(chat.id, at(700)));
      expect(again).toEqual({ ok: true, changed: false, chat: first.chat });
      expect((await store.getChat(chat.id))?.longAt).toBe(at(600));
      expect(await store.markChatLong('missing', at(1))).toEqual({ ok: false, reason: 'chat_not_found' });
    });

    it('sets the long flag exactly once under 20 concurrent calls', async () => {
      const chat = await newChat();
      const results = (await Promise.all(Array.from({ length: 20 }, (_, i) =>
        store.markChatLong(chat.id, at(600 + i))))).map(expectOk);
      expect(results.filter((r) => r.changed)).toHaveLength(1);
      const longAt = results.find((r) => r.changed)?.chat.longAt;
      for (const r of results) expect(r.chat.longAt).toBe(longAt);
    });

    it('keeps the category of a chat', async () => {
      const chat = await newChat({ category: 'billing', department: 'billing' });
      expect(chat.category).toBe('billing');
      expect((await store.getChat(chat.id))?.category).toBe('billing');
    });
  });
}
