import { beforeEach, describe, expect, it } from 'vitest';
import type { Department, Priority } from '@besoin/shared';
import type { ChatRecord, Store } from '../store';
import { at, expectOk, type OpenStore, seededRandom, useStoreFixture } from './support';

/** Assignment, capacity, ending, re-queueing and queue order. */
export function describeRoutingContract(open: OpenStore): void {
  describe('routing', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const { newAgent, newChat } = f;

    it('assigns a queued chat and records who and when', async () => {
      const alice = await newAgent('alice');
      const chat = await newChat({}, at(1));
      const { chat: assigned } = expectOk(await store.assignChat(chat.id, alice.id, 2, at(7)));
      expect(assigned).toMatchObject({
        status: 'active', agentId: alice.id, agentName: 'Agent alice', assignedAt: at(7),
        firstAssignedAt: at(7), requeued: false, queuedAt: at(1),
      });
      expect(await store.getChat(chat.id)).toEqual(assigned);
      expect((await store.getAgent(alice.id))?.lastAssignedAt).toBe(at(7));
      expect(await store.countActiveChats(alice.id)).toBe(1);
      expect(await store.assignChat(chat.id, alice.id, 2, at(8))).toEqual({ ok: false, reason: 'chat_not_queued' });
    });

    it('answers chat_not_found, agent_not_found, chat_not_queued and agent_full', async () => {
      const alice = await newAgent('alice');
      const [c1, c2, c3] = [await newChat(), await newChat(), await newChat()] as [ChatRecord, ChatRecord, ChatRecord];
      expect(await store.assignChat('missing', alice.id, 2, at(5))).toEqual({ ok: false, reason: 'chat_not_found' });
      expect(await store.assignChat(c1.id, 'nobody', 2, at(5))).toEqual({ ok: false, reason: 'agent_not_found' });
      expectOk(await store.assignChat(c1.id, alice.id, 1, at(5)));
      expect(await store.assignChat(c2.id, alice.id, 1, at(6))).toEqual({ ok: false, reason: 'agent_full' });
      expect(await store.getChat(c2.id)).toMatchObject({ status: 'queued', agentId: null });
      expectOk(await store.endChat(c3.id, 'ended', at(6)));
      expect(await store.assignChat(c3.id, alice.id, 5, at(7))).toEqual({ ok: false, reason: 'chat_not_queued' });
    });

    it('never exceeds maxChats nor assigns a chat twice under 200 concurrent assignments', async () => {
      const agents = [await newAgent('a'), await newAgent('b'), await newAgent('c')];
      const chats: ChatRecord[] = [];
      for (let i = 0; i < 30; i += 1) chats.push(await newChat({}, at(i)));
      const random = seededRandom(42);
      const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
      const attempts = Array.from({ length: 200 }, (_, i) => ({ chat: pick(chats), agent: pick(agents), i }));
      const results = await Promise.all(attempts.map(({ chat, agent, i }) =>
        store.assignChat(chat.id, agent.id, 2, at(100 + i)).then((result) => ({ result, chat, agent }))));

      const wins = results.filter((r) => r.result.ok);
      for (const { result } of results) {
        if (!result.ok) expect(['agent_full', 'chat_not_queued']).toContain(result.reason);
      }
      expect(new Set(wins.map((w) => w.chat.id)).size).toBe(wins.length);
      expect(wins).toHaveLength(6);
      for (const agent of agents) {
        const mine = wins.filter((w) => w.agent.id === agent.id).map((w) => w.chat.id).sort();
        expect(mine).toHaveLength(2);
        expect(await store.countActiveChats(agent.id)).toBe(2);
        expect((await store.listActiveChatsOfAgent(agent.id)).map((c) => c.id).sort()).toEqual(mine);
      }
      for (const { chat, agent } of wins) {
        expect(await store.getChat(chat.id)).toMatchObject({ status: 'active', agentId: agent.id });
      }
      expect(await store.listQueuedChats()).toHaveLength(24);
    });

    it('frees a slot when a chat ends, idempotently', async () => {
      const alice = await newAgent('alice');
      const [c1, c2] = [await newChat(), await newChat()] as [ChatRecord, ChatRecord];
      expectOk(await store.assignChat(c1.id, alice.id, 1, at(5)));
      expect(await store.countActiveChats(alice.id)).toBe(1);
      const ended = expectOk(await store.endChat(c1.id, 'ended', at(9)));
      expect(ended).toMatchObject({ changed: true, chat: { status: 'ended', endedAt: at(9), agentId: alice.id } });
      expect(await store.countActiveChats(alice.id)).toBe(0);
      const again = expectOk(await store.endChat(c1.id, 'converted', at(12)));
      expect(again).toEqual({ ok: true, changed: false, chat: ended.chat });
      expect(await store.getChat(c1.id)).toEqual(ended.chat);
      expectOk(await store.assignChat(c2.id, alice.id, 1, at(13)));
      expect(await store.endChat('missing', 'ended', at(1))).toEqual({ ok: false, reason: 'chat_not_found' });
      const queued = await newChat();
      expect(expectOk(await store.endChat(queued.id, 'converted', at(14))).chat.status).toBe('converted');
    });

    it('lists the active chats of an agent oldest first', async () => {
      const alice = await newAgent('alice');
      const [c1, c2, c3] = [await newChat(), await newChat(), await newChat()] as [ChatRecord, ChatRecord, ChatRecord];
      expectOk(await store.assignChat(c2.id, alice.id, 5, at(10)));
      expectOk(await store.assignChat(c3.id, alice.id, 5, at(20)));
      expectOk(await store.assignChat(c1.id, alice.id, 5, at(30)));
      expect((await store.listActiveChatsOfAgent(alice.id)).map((c) => c.id)).toEqual([c2.id, c3.id, c1.id]);
      expectOk(await store.endChat(c3.id, 'ended', at(40)));
      expect((await store.listActiveChatsOfAgent(alice.id)).map((c) => c.id)).toEqual([c2.id, c1.id]);
      expect(await store.listActiveChatsOfAgent('nobody')).toEqual([]);
    });

    it('re-queues an active chat ahead of the others, keeping queuedAt and firstAssignedAt', async () => {
      const alice = await newAgent('alice');
      const bob = await newAgent('bob');
      const chat = await newChat({}, at(1));
      expectOk(await store.assignChat(chat.id, alice.id, 1, at(5)));
      const requeued = expectOk(await store.requeueChat(chat.id, 'billing')).chat;
      expect(requeued).toMatchObject({ status: 'queued', requeued: true, queuedAt: at(1), department: 'billing', agentId: alice.id });
      expect(await store.getChat(chat.id)).toEqual(requeued);
      expect(await store.countActiveChats(alice.id)).toBe(0);
      expect(await store.requeueChat(chat.id)).toEqual({ ok: false, reason: 'chat_not_active' });
      expect(await store.requeueChat('missing')).toEqual({ ok: false, reason: 'chat_not_found' });
      const again = expectOk(await store.assignChat(chat.id, bob.id, 1, at(9))).chat;
      expect(again).toMatchObject({ agentId: bob.id, agentName: 'Agent bob', assignedAt: at(9), firstAssignedAt: at(5), requeued: true });
    });

    it('orders the queue: re-queued first, then priority, then time queued', async () => {
      const alice = await newAgent('alice');
      const make = (priority: Priority, second: number, department: Department = 'technical') =>
        newChat({ priority, department }, at(second));
      const normalOld = await make('normal', 1);
      const low = await make('low', 2);
      const critical = await make('critical', 3);
      const high = await make('high', 4);
      const normalNew = await make('normal', 5);
      const billing = await make('critical', 6, 'billing');
      const requeuedLow = await make('low', 7);
      expectOk(await store.assignChat(requeuedLow.id, alice.id, 1, at(8)));
      expectOk(await store.requeueChat(requeuedLow.id));
      const ids = async (department?: Department) => (await store.listQueuedChats(department)).map((c) => c.id);
      expect(await ids('technical')).toEqual([requeuedLow.id, critical.id, high.id, normalOld.id, normalNew.id, low.id]);
      expect(await ids('billing')).toEqual([billing.id]);
      expect(await ids()).toEqual([requeuedLow.id, critical.id, billing.id, high.id, normalOld.id, normalNew.id, low.id]);
      expect(await ids('sales')).toEqual([]);
      // positions and counts agree with the listed order
      const listed = await store.listQueuedChats('technical');
      expect(await Promise.all(listed.map((c) => store.queuePosition(c.id)))).toEqual(listed.map((_, i) => i + 1));
      expect(await store.queuePosition(billing.id)).toBe(1);
      expect(await store.queueStats('technical')).toEqual({ waiting: 6, oldestQueuedAt: at(1) });
      expect(await store.queueStats('sales')).toEqual({ waiting: 0, oldestQueuedAt: null });
      expectOk(await store.assignChat(critical.id, alice.id, 5, at(9)));
      expect(await store.queuePosition(critical.id)).toBeNull();
      expect(await store.queuePosition(high.id)).toBe(2);
      expect(await store.queuePosition('no-such-chat')).toBeNull();
      const head = (await store.listQueuedChats('technical', 2)).map((c) => c.id);
      expect(head).toEqual([requeuedLow.id, high.id]);
      expect(await store.listQueuedChats('technical', 0)).toEqual([]);
      const paged = [...(await store.listQueuedChats('technical', 2, 0)), ...(await store.listQueuedChats('technical', 2, 2)), ...(await store.listQueuedChats('technical', 2, 4))];
      expect(paged.map((c) => c.id)).toEqual((await store.listQueuedChats('technical')).map((c) => c.id));
    });

    it('keeps reported loads equal to the active chats through assign, reassign, requeue, end and convert', async () => {
      const agents = await Promise.all(['a', 'b', 'c'].map((l) => newAgent(l, { maxChats: 10 })));
      for (const a of agents) await store.setAgentStatus(a.id, 'online');
      const chats = await Promise.all(Array.from({ length: 12 }, (_, i) => newChat({}, at(i))));
      for (const [i, chat] of chats.entries()) expectOk(await store.assignChat(chat.id, agents[i % 3]!.id, 10, at(20 + i)));
      expectOk(await store.reassignChat(chats[0]!.id, agents[0]!.id, agents[1]!.id, 10, at(40)));
      expectOk(await store.requeueChat(chats[1]!.id));
      await store.endChat(chats[2]!.id, 'ended', at(41));
      await store.endChat(chats[2]!.id, 'ended', at(42)); // idempotent: no double decrement
      expectOk(await store.convertChat(chats[3]!.id, {
        subject: 's', department: 'technical', category: 'technical', priority: 'normal', urgent: false,
        requesterName: 'V', requesterEmail: 'v@example.com', source: 'chat', firstResponseDueAt: at(100), text: null,
        author: { role: 'agent', name: 'A', id: null },
      }, { dedupeSince: null }, at(43)));
      const loads = await store.listOnlineAgentLoads();
      for (const agent of agents) {
        expect(loads.find((l) => l.agent.id === agent.id)?.activeChats, agent.login).toBe(await store.countActiveChats(agent.id));
      }
      expect(loads.reduce((sum, l) => sum + l.activeChats, 0)).toBe(12 - 3);
    });

    it('finds the chats the sweeps act on: awaiting an answer, idle on the visitor side, long candidates', async () => {
      const alice = await newAgent('alice', { maxChats: 10 });
      const [a, b, c] = await Promise.all([newChat({}, at(1)), newChat({}, at(2)), newChat({}, at(3))]);
      expectOk(await store.assignChat(a!.id, alice.id, 10, at(10)));
      expectOk(await store.assignChat(b!.id, alice.id, 10, at(20)));
      expectOk(await store.assignChat(c!.id, alice.id, 10, at(30)));
      const ids = (chats: { id: string }[]) => chats.map((x) => x.id);
      expect(ids(await store.listChatsAwaitingAnswer(at(20)))).toEqual([a!.id, b!.id]);
      // the agent answers a (visitor silent since): a is idle from then on; b gets a visitor reply after the agent
      const agentMsg = { authorRole: 'agent' as const, authorName: 'A', authorId: alice.id, clientMessageId: null, internal: false };
      expectOk(await store.appendMessage({ chatId: a!.id, ...agentMsg, text: 'Bonjour' }, at(40)));
      expectOk(await store.appendMessage({ chatId: b!.id, ...agentMsg, text: 'Bonjour' }, at(41)));
      expectOk(await store.appendMessage({ chatId: b!.id, authorRole: 'visitor', authorName: 'V', authorId: null, clientMessageId: null, internal: false, text: 'Merci' }, at(42)));
      expectOk(await store.appendMessage({ chatId: c!.id, ...agentMsg, internal: true, text: 'note' }, at(43)));
      expect(ids(await store.listChatsAwaitingAnswer(at(50)))).toEqual([c!.id]); // an internal note is no answer
      expect(ids(await store.listChatsIdleSince(at(45)))).toEqual([a!.id]);
      expect(ids(await store.listChatsIdleSince(at(39)))).toEqual([]);
      expect(ids(await store.listLongChatCandidates(at(20), at(5)))).toEqual([a!.id, b!.id]);
      expectOk(await store.markChatLong(a!.id, at(60)));
      expect(ids(await store.listLongChatCandidates(at(20), at(5)))).toEqual([b!.id]);
      expect(ids(await store.listLongChatCandidates(at(20), at(10)))).toEqual([a!.id, b!.id]); // a is due for conversion
      await store.endChat(b!.id, 'ended', at(70));
      expect(ids(await store.listLongChatCandidates(at(30), at(0)))).toEqual([c!.id]);
    });

    it('lists online agents with their load in one read', async () => {
      const alice = await newAgent('alice', { maxChats: null });
      const bob = await newAgent('bob', { maxChats: 3 });
      await newAgent('carol'); // stays away
      await store.setAgentStatus(alice.id, 'online');
      await store.setAgentStatus(bob.id, 'online');
      const chat = await newChat({}, at(1));
      expectOk(await store.assignChat(chat.id, bob.id, 3, at(2)));
      const loads = await store.listOnlineAgentLoads();
      expect(loads.map((l) => [l.agent.login, l.activeChats]).sort()).toEqual([['alice', 0], ['bob', 1]]);
      const withRoom = async (defaultMaxChats: number) =>
        (await store.listOnlineAgentLoads({ withRoom: { defaultMaxChats } })).map((l) => l.agent.login).sort();
      expect(await withRoom(1)).toEqual(['alice', 'bob']); // bob's own maxChats (3) wins over the default
      await store.updateAgent(bob.id, { maxChats: 1 });
      expect(await withRoom(5)).toEqual(['alice']);
      const second = await newChat({}, at(3));
      expectOk(await store.assignChat(second.id, alice.id, 1, at(4)));
      expect(await withRoom(1)).toEqual([]);
      expect(await withRoom(2)).toEqual(['alice']);
      await store.setAgentStatus(bob.id, 'away');
      expect((await store.listOnlineAgentLoads()).map((l) => l.agent.login)).toEqual(['alice']);
    });
  });
}
