import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Department, Priority } from '@besoin/shared';
import type {
  AgentRecord, ChatRecord, NewAgent, NewChat, NewMessage, Store,
} from './store';

// The behaviour every Store implementation must have. Written only against the Store
// interface, so that SQLite and Redis run the very same tests; `open` gives a fresh, empty
// store for each test.

/** Opens a fresh, empty store; `close` releases it and anything it created. */
export type OpenStore = () => Promise<{ store: Store; close: () => Promise<void> }>;

/** A fixed clock: `at(n)` is n seconds after an arbitrary origin, as an ISO instant. */
const at = (seconds: number): string => new Date(Date.UTC(2026, 0, 5, 9) + seconds * 1000).toISOString();

/** Deterministic PRNG (mulberry32) so that the "random" concurrency tests are reproducible. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function agentInput(login: string, overrides: Partial<NewAgent> = {}): NewAgent {
  return {
    login, name: `Agent ${login}`, role: 'agent', departments: ['technical'],
    maxChats: null, passwordHash: `hash-${login}`, ...overrides,
  };
}

function chatInput(visitorId: string, overrides: Partial<NewChat> = {}): NewChat {
  return {
    visitorId, department: 'technical', subject: 'Site en panne', visitorName: 'Amina',
    visitorEmail: 'amina@example.com', urgent: false, priority: 'normal', locale: 'fr',
    pageUrl: 'https://example.com/aide', ...overrides,
  };
}

function visitorMessage(text: string, clientMessageId: string | null = null): Omit<NewMessage, 'chatId'> {
  return { clientMessageId, authorRole: 'visitor', authorName: 'Amina', authorId: null, text, internal: false };
}

let visitorCounter = 0;

/** Expects a successful result and narrows it. */
function expectOk<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  expect(result).toMatchObject({ ok: true });
  return result as Extract<T, { ok: true }>;
}

/** Declares the Store contract suite for one implementation. */
export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    async function newVisitor(): Promise<string> {
      visitorCounter += 1;
      const id = `visitor-${visitorCounter}-${Math.random().toString(36).slice(2)}`;
      await store.createVisitor({ id, tokenHash: `token-${id}`, createdAt: at(0) });
      return id;
    }

    async function newChat(overrides: Partial<NewChat> = {}, now = at(1)): Promise<ChatRecord> {
      const visitorId = overrides.visitorId ?? await newVisitor();
      const result = await store.createChat(chatInput(visitorId, overrides), visitorMessage('Bonjour'), now);
      return expectOk(result).chat;
    }

    async function newAgent(login: string, overrides: Partial<NewAgent> = {}): Promise<AgentRecord> {
      const agent = await store.createAgent(agentInput(login, overrides), at(0));
      if (!agent) throw new Error(`login ${login} unexpectedly taken`);
      return agent;
    }

    function send(chatId: string, text: string, extra: Partial<NewMessage> = {}, now = at(10)) {
      return store.appendMessage({ chatId, ...visitorMessage(text), ...extra }, now);
    }

    describe('agents', () => {
      it('creates, reads, lists, updates and deletes an agent', async () => {
        const alice = await newAgent('alice', { departments: ['billing', 'sales'], maxChats: 4 });
        expect(alice).toMatchObject({
          login: 'alice', name: 'Agent alice', role: 'agent', departments: ['billing', 'sales'],
          maxChats: 4, passwordHash: 'hash-alice', status: 'away', lastAssignedAt: null, createdAt: at(0),
        });
        expect(alice.id).toMatch(/\S/);
        expect(await store.getAgent(alice.id)).toEqual(alice);
        expect(await store.getAgentByLogin('alice')).toEqual(alice);
        expect(await store.getAgent('nobody')).toBeNull();
        expect(await store.getAgentByLogin('nobody')).toBeNull();

        const bob = await newAgent('bob');
        expect((await store.listAgents()).map((a) => a.login).sort()).toEqual(['alice', 'bob']);

        const updated = await store.updateAgent(alice.id, { name: 'Alice M.', maxChats: null, role: 'supervisor' });
        expect(updated).toMatchObject({ name: 'Alice M.', maxChats: null, role: 'supervisor', departments: ['billing', 'sales'] });
        expect(await store.getAgent(alice.id)).toEqual(updated);
        expect(await store.updateAgent('nobody', { name: 'x' })).toBeNull();

        expect(await store.deleteAgent(bob.id)).toBe(true);
        expect(await store.deleteAgent(bob.id)).toBe(false);
        expect(await store.getAgent(bob.id)).toBeNull();
        expect((await store.listAgents()).map((a) => a.id)).toEqual([alice.id]);
      });

      it('refuses a duplicate login, whatever its case, and finds logins case-insensitively', async () => {
        const alice = await newAgent('Alice');
        expect(await store.createAgent(agentInput('alice'), at(1))).toBeNull();
        expect(await store.createAgent(agentInput('ALICE'), at(1))).toBeNull();
        expect(await store.getAgentByLogin('aLiCe')).toEqual(alice);
        expect(await store.listAgents()).toHaveLength(1);
      });

      it('sets the presence status', async () => {
        const alice = await newAgent('alice');
        expect(await store.setAgentStatus(alice.id, 'online')).toMatchObject({ id: alice.id, status: 'online' });
        expect((await store.getAgent(alice.id))?.status).toBe('online');
        expect(await store.setAgentStatus(alice.id, 'away')).toMatchObject({ status: 'away' });
        expect(await store.setAgentStatus('nobody', 'online')).toBeNull();
      });
    });

    describe('sessions and visitors', () => {
      it('returns a session until it expires, and not after deletion', async () => {
        const alice = await newAgent('alice');
        const session = { tokenHash: 'h1', agentId: alice.id, createdAt: at(0), expiresAt: at(100) };
        await store.createSession(session);
        expect(await store.getSession('h1', at(99))).toEqual(session);
        expect(await store.getSession('h1', at(100))).toBeNull();
        expect(await store.getSession('h1', at(101))).toBeNull();
        expect(await store.getSession('unknown', at(1))).toBeNull();
        await store.deleteSession('h1');
        expect(await store.getSession('h1', at(1))).toBeNull();
        await store.deleteSession('h1');
      });

      it('deletes the sessions of a deleted agent but keeps their chats', async () => {
        const alice = await newAgent('alice');
        const bob = await newAgent('bob');
        await store.createSession({ tokenHash: 'a1', agentId: alice.id, createdAt: at(0), expiresAt: at(999) });
        await store.createSession({ tokenHash: 'a2', agentId: alice.id, createdAt: at(0), expiresAt: at(999) });
        await store.createSession({ tokenHash: 'b1', agentId: bob.id, createdAt: at(0), expiresAt: at(999) });
        const chat = await newChat();
        expectOk(await store.assignChat(chat.id, alice.id, 3, at(5)));
        expect(await store.deleteAgent(alice.id)).toBe(true);
        expect(await store.getSession('a1', at(1))).toBeNull();
        expect(await store.getSession('a2', at(1))).toBeNull();
        expect(await store.getSession('b1', at(1))).not.toBeNull();
        expect(await store.getChat(chat.id)).toMatchObject({ status: 'active', agentId: alice.id, agentName: 'Agent alice' });
      });

      it('stores visitors by token hash', async () => {
        await store.createVisitor({ id: 'v1', tokenHash: 'th1', createdAt: at(0) });
        expect(await store.getVisitorByTokenHash('th1')).toEqual({ id: 'v1', tokenHash: 'th1', createdAt: at(0) });
        expect(await store.getVisitorByTokenHash('th2')).toBeNull();
      });
    });

    describe('chats', () => {
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
    });

    describe('messages', () => {
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
    });

    describe('routing', () => {
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
      });
    });

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });
  });
}
