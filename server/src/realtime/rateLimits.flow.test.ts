import { randomUUID } from 'node:crypto';
import { parsePolicy, PROTOCOL_VERSION, type Ack, type ChatView } from '@besoin/shared';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { call, callOk, chatStart, nextEvent, startTestServer, waitFor, type TestServer } from '../test/support';

// The rate limits of DESIGN §2 over real sockets, with small limits from the policy.

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const limited = { ok: false, error: { code: 'rate_limited', details: { retryAfterMs: expect.any(Number) } } };

/** The retryAfterMs of a refused ack. */
function retryAfterOf(ack: Ack<unknown>): number {
  if (ack.ok) throw new Error('expected a refusal');
  return (ack.error.details as { retryAfterMs: number }).retryAfterMs;
}

/** A visitor socket seen as coming from `ip` (through a reverse proxy on loopback). */
async function visitorFrom(s: TestServer, ip: string) {
  const socket = s.raw('/visitor', { protocol: PROTOCOL_VERSION }, { extraHeaders: { 'x-forwarded-for': ip } });
  await nextEvent(socket, 'session:ready');
  return socket;
}

/** Resolves with the `connect_error` data of a socket, or 'connected'. */
function outcome(socket: Socket): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error: Error & { data?: unknown }) => resolve(error.data));
  });
}

describe('rate limits', () => {
  it('refuses messages over the burst with retryAfterMs, per sender, and accepts them again after the wait', async () => {
    // 3 at once, refilled at 10/s: the window is 300 ms.
    server = await startTestServer({ policy: parsePolicy({ limits: { messagesPerSecond: 10, messageBurst: 3 } }) });
    const visitor = await server.visitor();
    const otherTab = await server.visitor(visitor.ready.visitorToken);
    const stranger = await server.visitor();
    const { chat } = await callOk<{ chat: ChatView }>(visitor.socket, 'chat:start', chatStart());
    const send = (socket: Socket, text: string, chatId = chat.id) => call(socket, 'message:send', { chatId, clientMessageId: randomUUID(), text });

    for (const text of ['un', 'deux']) expect(await send(visitor.socket, text)).toMatchObject({ ok: true });
    expect(await send(otherTab.socket, 'trois')).toMatchObject({ ok: true }); // same visitor, same budget
    const refused = await send(visitor.socket, 'quatre');
    expect(refused).toMatchObject(limited);
    const retryAfterMs = retryAfterOf(refused);
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(300);
    expect(await send(otherTab.socket, 'quatre bis')).toMatchObject(limited);
    // typing has its own budget; another visitor has theirs
    expect(await call(visitor.socket, 'typing:set', { chatId: chat.id, typing: true })).toMatchObject({ ok: true });
    const own = await callOk<{ chat: ChatView }>(stranger.socket, 'chat:start', chatStart({ email: 'bob@example.com' }));
    expect(await send(stranger.socket, 'moi aussi', own.chat.id)).toMatchObject({ ok: true });

    await sleep(retryAfterMs + 30);
    expect(await send(visitor.socket, 'quatre, enfin')).toMatchObject({ ok: true, data: { message: { seq: 5 } } });
  });

  it('limits typing:set and an agent\'s messages by agent', async () => {
    server = await startTestServer({ policy: parsePolicy({ limits: { messagesPerSecond: 1, messageBurst: 2 } }) });
    await server.createAgent({ login: 'karim' });
    const agent = await server.agent('karim');
    await callOk(agent.socket, 'agent:status', { status: 'online' });
    const visitor = await server.visitor();
    const assigned = nextEvent<{ chat: ChatView }>(agent.socket, 'chat:assigned');
    await callOk(visitor.socket, 'chat:start', chatStart());
    const { chat } = await assigned;
    const typing = () => call(agent.socket, 'typing:set', { chatId: chat.id, typing: true });
    expect(await typing()).toMatchObject({ ok: true });
    expect(await typing()).toMatchObject({ ok: true });
    expect(await typing()).toMatchObject(limited);
    const reply = () => call(agent.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: 'Bonjour' });
    expect(await reply()).toMatchObject({ ok: true });
    expect(await reply()).toMatchObject({ ok: true });
    expect(await reply()).toMatchObject(limited);
    expect(await call(visitor.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: 'Merci' })).toMatchObject({ ok: true });
  });

  it('limits chat starts, ticket forms and supervisor requests per IP', async () => {
    server = await startTestServer({ policy: parsePolicy({ limits: { chatStartsPerMinutePerIp: 2 } }) });
    const [a, b, c] = [await visitorFrom(server, '198.51.100.1'), await visitorFrom(server, '198.51.100.1'), await visitorFrom(server, '198.51.100.1')];
    expect(await call(a, 'chat:start', chatStart())).toMatchObject({ ok: true });
    expect(await call(b, 'chat:start', chatStart({ email: 'b@example.com' }))).toMatchObject({ ok: true });
    expect(await call(c, 'chat:start', chatStart({ email: 'c@example.com' }))).toMatchObject(limited);
    const form = { name: 'C', email: 'c@example.com', department: 'technical', subject: 'Panne', message: 'Le site est en panne.' };
    expect(await call(c, 'ticket:create', form)).toMatchObject(limited);
    expect(await call(c, 'supervisor:request', { name: 'C', email: 'c@example.com', message: 'Plainte' })).toMatchObject(limited);
    const refused = await call(c, 'chat:start', chatStart({ email: 'c@example.com' }));
    const retryAfterMs = retryAfterOf(refused);
    expect(retryAfterMs).toBeGreaterThan(50_000);
    expect(retryAfterMs).toBeLessThanOrEqual(60_000);
    // an invalid payload is refused as such and spends nothing; another address has its own budget
    expect(await call(c, 'chat:start', { ...chatStart(), email: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const elsewhere = await visitorFrom(server, '203.0.113.7');
    expect(await call(elsewhere, 'ticket:create', form)).toMatchObject({ ok: true });
  });

  it('refuses connections over the per-IP limit across both namespaces, and frees them on disconnect', async () => {
    server = await startTestServer({ policy: parsePolicy({ limits: { connectionsPerIp: 3 } }) });
    await server.createAgent({ login: 'karim' });
    const agent = await server.agent('karim'); // 1
    const v1 = await server.visitor(); // 2
    // a refused handshake does not keep its slot
    const badProtocol = server.raw('/visitor', { protocol: 0 });
    expect(await outcome(badProtocol)).toMatchObject({ code: 'incompatible_protocol' });
    const badToken = server.raw('/agent', { protocol: PROTOCOL_VERSION, token: 'nope' });
    expect(await outcome(badToken)).toMatchObject({ code: 'unauthorized' });
    await server.visitor(); // 3
    const refused = server.raw('/agent', { protocol: PROTOCOL_VERSION, token: agent.token });
    expect(await outcome(refused)).toEqual({ code: 'rate_limited', details: { retryAfterMs: expect.any(Number) } });
    expect(await outcome(server.raw('/visitor', { protocol: PROTOCOL_VERSION }))).toMatchObject({ code: 'rate_limited' });
    // another address is not affected
    const other = server.raw('/visitor', { protocol: PROTOCOL_VERSION }, { extraHeaders: { 'x-forwarded-for': '198.51.100.2' } });
    expect(await outcome(other)).toBe('connected');
    // a disconnect gives the slot back
    v1.socket.disconnect();
    const again = await waitFor(async () => {
      const s = server!.raw('/visitor', { protocol: PROTOCOL_VERSION });
      return (await outcome(s)) === 'connected';
    }, 3000, 'a free slot');
    expect(again).toBe(true);
    agent.socket.disconnect();
  });
});

describe('load shedding', () => {
  it('refuses new chats, typing and new visitor connections while the event loop is saturated, never messages', async () => {
    server = await startTestServer({ overload: { lagMs: 100, holdMs: 1500 } });
    const s = server;
    const chatting = await s.visitor();
    const { chat } = await callOk<{ chat: ChatView }>(chatting.socket, 'chat:start', chatStart());
    const other = await s.visitor();
    // The server shares this process: a 300 ms busy turn is what a saturated poll phase looks like.
    const until = performance.now() + 300;
    while (performance.now() < until) { /* busy */ }
    expect(await call(other.socket, 'chat:start', chatStart())).toMatchObject(limited);
    expect(await call(chatting.socket, 'typing:set', { chatId: chat.id, typing: true })).toMatchObject(limited);
    const sent = await call(chatting.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: 'toujours là' });
    expect(sent.ok).toBe(true);
    expect(await outcome(s.raw('/visitor', { protocol: PROTOCOL_VERSION }))).toMatchObject({ code: 'rate_limited', details: { retryAfterMs: expect.any(Number) } });
    // Once the loop is fluid again for the hold time, everything is accepted.
    expect(await waitFor(async () => (await call(other.socket, 'chat:start', chatStart())).ok, 10_000)).toBe(true);
  });
});
