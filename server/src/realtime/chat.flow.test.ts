import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, parsePolicy, type ChatView, type Message } from '@besoin/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, callOk, chatStart, nextEvent, record, startTestServer, waitFor, type TestServer } from '../test/support';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

/** A technical agent who is online and connected. */
async function onlineAgent(login = 'karim', departments: ('technical' | 'billing' | 'sales')[] = ['technical'], maxChats?: number) {
  await server.createAgent({ login, name: `Agent ${login}`, departments, ...(maxChats ? { maxChats } : {}) });
  const agent = await server.agent(login);
  expect(agent.ready.agent.status).toBe('away'); // a new agent starts away
  await callOk(agent.socket, 'agent:status', { status: 'online' });
  return agent;
}

describe('visitor session', () => {
  it('gives a new token, and the same identity and active chat on resume', async () => {
    const first = await server.visitor();
    expect(first.ready.visitorToken).toMatch(/^[\w-]{40,}$/);
    expect(first.ready.activeChat).toBeNull();
    const { chat } = await callOk<{ chat: ChatView }>(first.socket, 'chat:start', chatStart());
    first.socket.disconnect();

    const again = await server.visitor(first.ready.visitorToken);
    expect(again.ready.visitorToken).toBe(first.ready.visitorToken);
    expect((again.ready.activeChat as ChatView).id).toBe(chat.id);

    const stranger = await server.visitor('not-a-known-token');
    expect(stranger.ready.visitorToken).not.toBe('not-a-known-token');
    expect(stranger.ready.activeChat).toBeNull();
  });

  it('refuses a wrong protocol and a bad agent token with a typed connect_error', async () => {
    const wrong = server.raw('/visitor', { protocol: 99 });
    const err = await nextEvent<Error & { data?: { code: string } }>(wrong, 'connect_error');
    expect(err.data?.code).toBe('incompatible_protocol');
    const bad = server.raw('/agent', { protocol: 1, token: 'forged' });
    expect((await nextEvent<Error & { data?: { code: string } }>(bad, 'connect_error')).data?.code).toBe('unauthorized');
    const none = server.raw('/agent', { protocol: 1 });
    expect((await nextEvent<Error & { data?: { code: string } }>(none, 'connect_error')).data?.code).toBe('unauthorized');
  });

  it('drops the transport when a connection cannot be set up, so that the client comes back by itself', async () => {
    const { chats } = server.app;
    const openChatOf = chats.openChatOf.bind(chats);
    let failures = 1;
    chats.openChatOf = (visitor) => (failures-- > 0 ? Promise.reject(new Error('store away')) : openChatOf(visitor));
    const socket = server.raw('/visitor', { protocol: PROTOCOL_VERSION }, { reconnection: true, reconnectionDelay: 20, reconnectionDelayMax: 50 });
    const ready = nextEvent<{ visitorToken: string }>(socket, 'session:ready');
    // Not 'io server disconnect', which socket.io-client never retries and the dashboard reads as a logout.
    expect(await nextEvent<string>(socket, 'disconnect')).toBe('transport close');
    expect((await ready).visitorToken).toMatch(/^[\w-]{40,}$/);
    expect(failures).toBe(-1);
  });
});

describe('a chat from start to end', () => {
  it('routes to the online agent and relays messages both ways, in order, to the other side', async () => {
    const agent = await onlineAgent();
    const visitor = await server.visitor();
    const assigned = nextEvent<{ chat: ChatView; messages: Message[] }>(agent.socket, 'chat:assigned');
    const { chat } = await callOk<{ chat: ChatView }>(visitor.socket, 'chat:start', chatStart());
    expect(chat).toMatchObject({ status: 'queued', department: 'technical', subject: 'Site en panne', lastSeq: 1, queuePosition: 1 });
    expect(chat.visitor).toEqual({ name: 'Alice Martin', email: 'alice@example.com' });

    const got = await assigned;
    expect(got.chat).toMatchObject({ id: chat.id, status: 'active', agent: { id: agent.ready.agent.id, displayName: 'Agent karim' } });
    expect(got.messages.map((m) => [m.seq, m.author.role])).toEqual([[1, 'visitor'], [2, 'system']]);
    expect(got.messages[0]!.text).toBe('Bonjour, mon site ne répond plus.');
    const updated = await waitFor(async () => {
      const s = await callOk<{ chat: ChatView; messages: Message[] }>(visitor.socket, 'chat:sync', { chatId: chat.id, afterSeq: 0 });
      return s.chat.status === 'active' ? s : null;
    });
    expect(updated.messages.map((m) => m.seq)).toEqual([1, 2]);

    // visitor → agent
    const atAgent = nextEvent<{ message: Message }>(agent.socket, 'message:created');
    const sent = await callOk<{ message: Message }>(visitor.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: '  Erreur 500 partout  ' });
    expect(sent.message).toMatchObject({ seq: 3, text: 'Erreur 500 partout', author: { role: 'visitor', name: 'Alice Martin' } });
    expect((await atAgent).message).toEqual(sent.message);

    // agent → visitor
    const atVisitor = nextEvent<{ message: Message }>(visitor.socket, 'message:created');
    const reply = await callOk<{ message: Message }>(agent.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: 'Je regarde votre serveur.' });
    expect(reply.message).toMatchObject({ seq: 4, author: { role: 'agent', name: 'Agent karim' } });
    expect((await atVisitor).message).toEqual(reply.message);

    // typing reaches the other side with the role
    const typing = nextEvent(visitor.socket, 'typing:changed');
    await callOk(agent.socket, 'typing:set', { chatId: chat.id, typing: true });
    expect(await typing).toEqual({ chatId: chat.id, typing: true, role: 'agent' });

    // the visitor ends: the agent sees it, the slot is free
    const endedAtAgent = nextEvent<{ chat: ChatView }>(agent.socket, 'chat:updated');
    const ended = await callOk<{ chat: ChatView }>(visitor.socket, 'chat:end', { chatId: chat.id });
    expect(ended.chat.status).toBe('ended');
    expect((await endedAtAgent).chat.status).toBe('ended');
    expect(await server.store.countActiveChats(agent.ready.agent.id)).toBe(0);
    const after = await call(visitor.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: 'encore ?' });
    expect(after).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('de-duplicates a repeated clientMessageId and keeps seq gap-free under concurrency', async () => {
    // 43 messages at once: far over the default burst of 20, so this test lifts the message limit.
    await server.close();
    server = await startTestServer({ policy: parsePolicy({ limits: { messagesPerSecond: 100_000, messageBurst: 100_000 } }) });
    const visitor = await server.visitor();
    const { chat } = await callOk<{ chat: ChatView }>(visitor.socket, 'chat:start', chatStart());
    const id = randomUUID();
    const twice = await Promise.all([1, 2, 3].map(() => callOk<{ message: Message }>(visitor.socket, 'message:send', { chatId: chat.id, clientMessageId: id, text: 'une fois' })));
    expect(new Set(twice.map((r) => r.message.id)).size).toBe(1);
    const many = await Promise.all(
      Array.from({ length: 40 }, (_, i) => callOk<{ message: Message }>(visitor.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: `m${i}` })),
    );
    const seqs = [twice[0]!.message.seq, ...many.map((r) => r.message.seq)].sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 41 }, (_, i) => i + 2));
    const synced = await callOk<{ chat: ChatView; messages: Message[] }>(visitor.socket, 'chat:sync', { chatId: chat.id, afterSeq: 20 });
    expect(synced.messages.map((m) => m.seq)).toEqual(Array.from({ length: 22 }, (_, i) => i + 21));
    expect(synced.chat.lastSeq).toBe(42);
  });

  it('sends message:created to the sender\'s other tabs but not to the sending socket', async () => {
    const tab1 = await server.visitor();
    const tab2 = await server.visitor(tab1.ready.visitorToken);
    const { chat } = await callOk<{ chat: ChatView }>(tab1.socket, 'chat:start', chatStart());
    const seen1 = record(tab1.socket, 'message:created');
    const atTab2 = nextEvent<{ message: Message }>(tab2.socket, 'message:created');
    const sent = await callOk<{ message: Message }>(tab1.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: 'depuis l’onglet 1' });
    expect((await atTab2).message.seq).toBe(sent.message.seq);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen1['message:created']).toEqual([]);
  });

  it('answers conflict with the chatId when a visitor already has an open chat', async () => {
    const visitor = await server.visitor();
    const { chat } = await callOk<{ chat: ChatView }>(visitor.socket, 'chat:start', chatStart());
    const again = await call(visitor.socket, 'chat:start', chatStart({ subject: 'Autre chose' }));
    expect(again).toEqual({ ok: false, error: { code: 'conflict', message: expect.any(String), details: { chatId: chat.id } } });
  });

  it('lets an agent close a chat, frees the slot and gives the next queued chat', async () => {
    const agent = await onlineAgent('solo', ['technical'], 1);
    const v1 = await server.visitor();
    const v2 = await server.visitor();
    const first = nextEvent<{ chat: ChatView }>(agent.socket, 'chat:assigned');
    const c1 = (await callOk<{ chat: ChatView }>(v1.socket, 'chat:start', chatStart())).chat;
    await first;
    const c2 = (await callOk<{ chat: ChatView }>(v2.socket, 'chat:start', chatStart({ email: 'bob@example.com', name: 'Bob' }))).chat;
    expect(c2).toMatchObject({ status: 'queued', queuePosition: 1 });
    const second = nextEvent<{ chat: ChatView }>(agent.socket, 'chat:assigned');
    const closed = await callOk<{ chat: ChatView }>(agent.socket, 'chat:close', { chatId: c1.id });
    expect(closed.chat.status).toBe('ended');
    expect((await second).chat.id).toBe(c2.id);
  });
});

describe('ownership and bad input', () => {
  it('answers not_found for someone else\'s chat on every event', async () => {
    const owner = await server.visitor();
    const other = await server.visitor();
    const { chat } = await callOk<{ chat: ChatView }>(owner.socket, 'chat:start', chatStart());
    const attempts: [string, unknown][] = [
      ['message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: 'intrus' }],
      ['chat:sync', { chatId: chat.id, afterSeq: 0 }],
      ['typing:set', { chatId: chat.id, typing: true }],
      ['chat:read', { chatId: chat.id, seq: 1 }],
      ['chat:end', { chatId: chat.id }],
    ];
    for (const [event, payload] of attempts) {
      expect(await call(other.socket, event, payload), event).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    await server.createAgent({ login: 'outsider' });
    const agent = await server.agent('outsider');
    expect(await call(agent.socket, 'chat:sync', { chatId: chat.id, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(agent.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const stored = await server.store.listMessages(chat.id, 0, { includeInternal: true });
    expect(stored).toHaveLength(1);
    expect((await server.store.getChat(chat.id))?.status).toBe('queued');
  });

  it('answers invalid_payload with issues for bad payloads, stores nothing and keeps serving', async () => {
    const visitor = await server.visitor();
    const bad: [string, unknown][] = [
      ['chat:start', undefined],
      ['chat:start', { ...chatStart(), email: 'pas-un-email' }],
      ['chat:start', { ...chatStart(), department: 'hr' }],
      ['chat:start', { ...chatStart(), message: '   ' }],
      ['chat:start', { ...chatStart(), message: 'x'.repeat(5001) }],
      ['chat:start', { ...chatStart(), urgent: null }],
      ['chat:start', 'a string'],
      ['chat:start', { __proto__: { admin: true }, constructor: { prototype: {} } }],
      ['message:send', { chatId: 'c', clientMessageId: '', text: 'x' }],
      ['message:send', { chatId: 'c', clientMessageId: 'x'.repeat(65), text: 'x' }],
      ['message:send', { chatId: 5, clientMessageId: 'a', text: 'x' }],
      ['chat:sync', { chatId: 'c', afterSeq: -1 }],
      ['chat:sync', { chatId: 'c', afterSeq: 1.5 }],
      ['typing:set', { chatId: 'c', typing: 'yes' }],
      ['chat:read', { chatId: 'c' }],
      ['chat:end', {}],
    ];
    for (const [event, payload] of bad) {
      const ack = await call(visitor.socket, event, payload);
      expect(ack, `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      if (!ack.ok) expect(ack.error.issues?.length).toBeGreaterThan(0);
    }
    expect(await server.store.getOpenChatOfVisitor((await server.store.getVisitorByTokenHash((await import('../auth/tokens')).hashToken(visitor.ready.visitorToken)))!.id)).toBeNull();
    // an event with no ack callback is dropped; an unknown event is answered
    (visitor.socket as unknown as { emit(event: string, payload: unknown): void }).emit('chat:start', chatStart());
    expect(await call(visitor.socket, 'no:such-event', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // still serving
    const ok = await call(visitor.socket, 'chat:start', chatStart());
    expect(ok.ok).toBe(true);
  });

  it('answers invalid_payload on the agent namespace too', async () => {
    await server.createAgent({ login: 'k' });
    const agent = await server.agent('k');
    for (const [event, payload] of [
      ['agent:status', { status: 'busy' }], ['message:send', { chatId: 'c', text: 'x' }], ['chat:close', null],
      ['typing:set', {}], ['chat:sync', { chatId: 'c' }],
    ] as const) {
      expect(await call(agent.socket, event, payload), event).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(await callOk(agent.socket, 'agent:status', { status: 'online' })).toMatchObject({ agent: { status: 'online' } });
  });
});
