import { beforeEach, describe, expect, it } from 'vitest';
import type { AgentRecord, ChatRecord, Store } from '../store';
import { at, expectOk, type OpenStore, seededRandom, useStoreFixture } from './support';

/** Transfers between agents and the "has the agent answered" timestamp. */
export function describeReassignContract(open: OpenStore): void {
  describe('reassignment and answers', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const { newAgent, newChat, send } = f;
    const agentSays = (chatId: string, text: string, now: string, internal = false) =>
      send(chatId, text, { authorRole: 'agent', authorName: 'Agent', internal }, now);

    it('moves an active chat to another agent with room', async () => {
      const alice = await newAgent('alice');
      const bob = await newAgent('bob');
      const chat = await newChat({}, at(1));
      expectOk(await store.assignChat(chat.id, alice.id, 2, at(5)));
      expectOk(await agentSays(chat.id, 'Bonjour', at(6)));
      expectOk(await store.markChatLong(chat.id, at(7)));
      const { chat: moved } = expectOk(await store.reassignChat(chat.id, alice.id, bob.id, 2, at(9)));
      expect(moved).toMatchObject({
        status: 'active', agentId: bob.id, agentName: 'Agent bob', assignedAt: at(9), firstAssignedAt: at(5),
        answeredAt: null, longAt: at(7), lastAgentMessageAt: at(6), queuedAt: at(1),
      });
      expect(await store.getChat(chat.id)).toEqual(moved);
      expect((await store.getAgent(bob.id))?.lastAssignedAt).toBe(at(9));
      expect((await store.getAgent(alice.id))?.lastAssignedAt).toBe(at(5));
      expect(await store.countActiveChats(alice.id)).toBe(0);
      expect(await store.countActiveChats(bob.id)).toBe(1);
    });

    it('answers chat_not_found, chat_not_active, agent_not_found and agent_full', async () => {
      const alice = await newAgent('alice');
      const bob = await newAgent('bob');
      const [mine, bobs, queued, ended] = [await newChat(), await newChat(), await newChat(), await newChat()];
      expectOk(await store.assignChat(mine.id, alice.id, 3, at(2)));
      expectOk(await store.assignChat(bobs.id, bob.id, 3, at(2)));
      expectOk(await store.assignChat(ended.id, alice.id, 3, at(2)));
      expectOk(await store.endChat(ended.id, 'ended', at(3)));
      const reassign = (chatId: string, from: string, to: string, max = 3) =>
        store.reassignChat(chatId, from, to, max, at(5));
      expect(await reassign('missing', alice.id, bob.id)).toEqual({ ok: false, reason: 'chat_not_found' });
      expect(await reassign(queued.id, alice.id, bob.id)).toEqual({ ok: false, reason: 'chat_not_active' });
      expect(await reassign(ended.id, alice.id, bob.id)).toEqual({ ok: false, reason: 'chat_not_active' });
      // Held by someone else than the caller believes: stale.
      expect(await reassign(bobs.id, alice.id, bob.id)).toEqual({ ok: false, reason: 'chat_not_active' });
      expect(await reassign(mine.id, alice.id, 'nobody')).toEqual({ ok: false, reason: 'agent_not_found' });
      expect(await reassign(mine.id, alice.id, bob.id, 1)).toEqual({ ok: false, reason: 'agent_full' });
      expect(await store.getChat(mine.id)).toMatchObject({ agentId: alice.id, assignedAt: at(2) });
      expect(await store.getChat(queued.id)).toMatchObject({ status: 'queued', agentId: null });
    });

    it('never exceeds maxChats and leaves each chat with one agent under 100 concurrent reassigns', async () => {
      const agents = [await newAgent('a'), await newAgent('b'), await newAgent('c'), await newAgent('d')];
      const chats: ChatRecord[] = [];
      // a, b and c start full (2 each), d empty: every move must find real room.
      for (let i = 0; i < 6; i += 1) {
        const chat = await newChat({}, at(i));
        expectOk(await store.assignChat(chat.id, (agents[i % 3] as AgentRecord).id, 2, at(10 + i)));
        chats.push(chat);
      }
      const random = seededRandom(7);
      const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
      const attempts = Array.from({ length: 100 }, (_, i) => ({ chat: pick(chats), from: pick(agents), to: pick(agents), i }));
      const results = await Promise.all(attempts.map(({ chat, from, to, i }) =>
        store.reassignChat(chat.id, from.id, to.id, 2, at(100 + i))));
      for (const result of results) {
        if (!result.ok) expect(['agent_full', 'chat_not_active']).toContain(result.reason);
      }
      expect(results.filter((r) => r.ok).length).toBeGreaterThan(0);
      const holders = new Map<string, string[]>();
      for (const agent of agents) {
        const held = await store.listActiveChatsOfAgent(agent.id);
        expect(await store.countActiveChats(agent.id)).toBe(held.length);
        expect(held.length).toBeLessThanOrEqual(2);
        for (const chat of held) holders.set(chat.id, [...holders.get(chat.id) ?? [], agent.id]);
      }
      expect([...holders.keys()].sort()).toEqual(chats.map((c) => c.id).sort());
      for (const [chatId, owners] of holders) {
        expect(owners).toHaveLength(1);
        expect((await store.getChat(chatId))?.agentId).toBe(owners[0]);
      }
    });

    it('fills a target to exactly maxChats when many chats are moved to it at once', async () => {
      const from = await newAgent('from');
      const to = await newAgent('to');
      const chats: ChatRecord[] = [];
      for (let i = 0; i < 10; i += 1) {
        const chat = await newChat({}, at(i));
        expectOk(await store.assignChat(chat.id, from.id, 10, at(10 + i)));
        chats.push(chat);
      }
      const results = await Promise.all(chats.map((chat, i) => store.reassignChat(chat.id, from.id, to.id, 3, at(50 + i))));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'agent_full')).toBe(true);
      expect(await store.countActiveChats(to.id)).toBe(3);
      expect(await store.countActiveChats(from.id)).toBe(7);
    });

    it('sets answeredAt on the first visible agent message and resets it on every new assignment', async () => {
      const alice = await newAgent('alice');
      const bob = await newAgent('bob');
      const chat = await newChat();
      expectOk(await store.assignChat(chat.id, alice.id, 3, at(5)));
      expectOk(await agentSays(chat.id, 'note interne', at(6), true));
      expect((await store.getChat(chat.id))?.answeredAt).toBeNull();
      expectOk(await send(chat.id, 'Allô ?', {}, at(7)));
      expect((await store.getChat(chat.id))?.answeredAt).toBeNull();
      expect(expectOk(await agentSays(chat.id, 'Bonjour', at(8))).chat.answeredAt).toBe(at(8));
      expect(expectOk(await agentSays(chat.id, 'Encore', at(9))).chat.answeredAt).toBe(at(8));

      expect(expectOk(await store.reassignChat(chat.id, alice.id, bob.id, 3, at(10))).chat.answeredAt).toBeNull();
      expectOk(await agentSays(chat.id, 'Je reprends', at(11)));
      expect((await store.getChat(chat.id))?.answeredAt).toBe(at(11));

      expect(expectOk(await store.requeueChat(chat.id)).chat.answeredAt).toBeNull();
      expectOk(await agentSays(chat.id, 'En file', at(12)));
      expect(expectOk(await store.assignChat(chat.id, alice.id, 3, at(13))).chat.answeredAt).toBeNull();
      expect(await store.getChat(chat.id)).toMatchObject({ answeredAt: null, lastAgentMessageAt: at(12) });
    });
  });
}
