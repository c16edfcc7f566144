import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatRecord, Store } from '../store';
import { at, expectOk, type OpenStore, useStoreFixture } from './support';

/** Appending and listing messages, seqs and de-duplication. */
export function describeMessagesContract(open: OpenStore): void {
  describe('messages', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const { newChat, send } = f;

    it('appends with gap-free seqs and counts only visitor and agent messages', async () => {
      const chat = await newChat();
      const a = expectOk(await send(chat.id, 'Deux'));
      expect(a).toMatchObject({ created: true, message: { seq: 2, text: 'Deux', createdAt: at(10) } });
      expect(a.chat).toMatchObject({ id: chat.id, lastSeq: 2, messageCount: 2 });
      const sys = expectOk(await send(chat.id, 'Agent rejoint', { authorRole: 'system', authorName: 'Système' }));
      expect(sys.message.seq).toBe(3);
      expect(sys.chat).toMatchObject({ lastSeq: 3, messageCount: 2 });
      const agentMsg = expectOk(await send(chat.id, 'Bonjour !', { authorRole: 'agent', authorName: 'Bob', authorId: 'a1' }));
      expect(agentMsg.message).toMatchObject({ seq: 4, authorRole: 'agent', authorId: 'a1' });
      expect(await store.getChat(chat.id)).toMatchObject({ lastSeq: 4, messageCount: 3 });
    });

    it('keeps seqs gap-free under 200 concurrent appends across 4 chats', async () => {
      const chats = await Promise.all([0, 1, 2, 3].map(() => newChat()));
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => {
        const chat = chats[i % 4] as ChatRecord;
        const role = i % 3 === 0 ? 'agent' : 'visitor';
        return send(chat.id, `msg ${i}`, { authorRole: role, clientMessageId: `c-${i}` });
      }));
      for (const chat of chats) {
        const mine = results.map(expectOk).filter((r) => r.message.chatId === chat.id);
        expect(mine.map((r) => r.message.seq).sort((x, y) => x - y))
          .toEqual(Array.from({ length: 50 }, (_, k) => k + 2));
        const stored = await store.listMessages(chat.id, 0, { includeInternal: true });
        expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 51 }, (_, k) => k + 1));
        expect(await store.getChat(chat.id)).toMatchObject({ lastSeq: 51, messageCount: 51 });
      }
    });

    it('de-duplicates on clientMessageId, also after the chat has ended', async () => {
      const chat = await newChat();
      const first = expectOk(await send(chat.id, 'Une fois', { clientMessageId: 'dup' }));
      const again = expectOk(await send(chat.id, 'Une fois (renvoi)', { clientMessageId: 'dup' }, at(20)));
      expect(again.created).toBe(false);
      expect(again.message).toEqual(first.message);
      expect(again.chat.lastSeq).toBe(2);
      expectOk(await store.endChat(chat.id, 'ended', at(30)));
      const late = expectOk(await send(chat.id, 'Une fois', { clientMessageId: 'dup' }, at(40)));
      expect(late).toMatchObject({ created: false, message: first.message, chat: { status: 'ended' } });
      expect(await send(chat.id, 'Nouveau', { clientMessageId: 'other' })).toEqual({ ok: false, reason: 'chat_closed' });
      expect(await store.listMessages(chat.id, 0, { includeInternal: true })).toHaveLength(2);
    });

    it('scopes clientMessageId to its chat', async () => {
      const one = await newChat();
      const two = await newChat();
      expectOk(await send(one.id, 'a', { clientMessageId: 'same' }));
      expect(expectOk(await send(two.id, 'b', { clientMessageId: 'same' })).created).toBe(true);
    });

    it('creates exactly one message for 20 parallel sends of the same clientMessageId', async () => {
      const chat = await newChat();
      const results = (await Promise.all(Array.from({ length: 20 }, () =>
        send(chat.id, 'Vite', { clientMessageId: 'same-id' })))).map(expectOk);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const ids = new Set(results.map((r) => `${r.message.id}/${r.message.seq}`));
      expect([...ids]).toEqual([`${results[0]?.message.id}/2`]);
      expect(await store.listMessages(chat.id, 0, { includeInternal: true })).toHaveLength(2);
      expect(await store.getChat(chat.id)).toMatchObject({ lastSeq: 2, messageCount: 2 });
    });

    it('answers chat_not_found and chat_closed', async () => {
      expect(await send('missing', 'x')).toEqual({ ok: false, reason: 'chat_not_found' });
      expect(await send('missing', 'x', { clientMessageId: 'c' })).toEqual({ ok: false, reason: 'chat_not_found' });
      const chat = await newChat();
      expectOk(await store.endChat(chat.id, 'converted', at(5)));
      expect(await send(chat.id, 'x')).toEqual({ ok: false, reason: 'chat_closed' });
      expect(await store.getChat(chat.id)).toMatchObject({ lastSeq: 1 });
    });

    it('lists messages after a seq and hides internal notes unless asked', async () => {
      const chat = await newChat();
      await send(chat.id, 'deux');
      await send(chat.id, 'note', { authorRole: 'agent', authorName: 'Bob', internal: true });
      await send(chat.id, 'quatre', { authorRole: 'agent', authorName: 'Bob' });
      const seqs = async (after: number, includeInternal: boolean) =>
        (await store.listMessages(chat.id, after, { includeInternal })).map((m) => m.seq);
      expect(await seqs(0, true)).toEqual([1, 2, 3, 4]);
      expect(await seqs(0, false)).toEqual([1, 2, 4]);
      expect(await seqs(2, true)).toEqual([3, 4]);
      expect(await seqs(2, false)).toEqual([4]);
      expect(await seqs(4, true)).toEqual([]);
      const [note] = await store.listMessages(chat.id, 2, { includeInternal: true });
      expect(note).toMatchObject({ internal: true, text: 'note' });
      expect(await store.listMessages('missing', 0, { includeInternal: true })).toEqual([]);
    });
    it('records the last visitor and agent message times, ignoring notes and repeats', async () => {
      const chat = await newChat({}, at(1));
      expectOk(await send(chat.id, 'note', { authorRole: 'agent', authorName: 'Bob', internal: true }, at(5)));
      expect(await store.getChat(chat.id)).toMatchObject({ lastVisitorMessageAt: at(1), lastAgentMessageAt: null, answeredAt: null });
      expectOk(await send(chat.id, 'Bonjour', { authorRole: 'agent', authorName: 'Bob', clientMessageId: 'a1' }, at(6)));
      expectOk(await send(chat.id, 'Merci', { clientMessageId: 'v1' }, at(7)));
      expectOk(await send(chat.id, 'Système', { authorRole: 'system', authorName: 'Système' }, at(8)));
      const later = expectOk(await send(chat.id, 'Voilà', { authorRole: 'agent', authorName: 'Bob' }, at(9)));
      expect(later.chat).toMatchObject({ lastVisitorMessageAt: at(7), lastAgentMessageAt: at(9), answeredAt: at(6) });
      // A repeated clientMessageId is no new activity.
      expectOk(await send(chat.id, 'Merci', { clientMessageId: 'v1' }, at(20)));
      expectOk(await send(chat.id, 'Bonjour', { authorRole: 'agent', authorName: 'Bob', clientMessageId: 'a1' }, at(21)));
      expect(await store.getChat(chat.id)).toMatchObject({ lastVisitorMessageAt: at(7), lastAgentMessageAt: at(9), answeredAt: at(6) });
    });
  });
}
