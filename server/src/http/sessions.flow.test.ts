import { parsePolicy, PROTOCOL_VERSION } from '@besoin/shared';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { nextEvent, startTestServer, type TestServer } from '../test/support';

// Agent sessions: the session cookie, logout, "log out everywhere" and the login lock-out.

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PASSWORD = 'correct-horse-battery';

function login(s: TestServer, password = PASSWORD, headers: Record<string, string> = {}) {
  return fetch(`${s.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ login: 'karim', password }),
  });
}

/** The `name=value` part of the session cookie a response sets, and its attributes. */
function sessionCookie(res: Response): { pair: string; attributes: string[] } {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('besoin_session='));
  if (!header) throw new Error('no session cookie');
  const [pair, ...attributes] = header.split(';').map((p) => p.trim());
  return { pair: pair!, attributes };
}

/** Resolves once the server disconnects the socket. */
function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    if (socket.disconnected) resolve('already');
    socket.once('disconnect', (reason) => resolve(reason));
  });
}

describe('agent sessions', () => {
  it('sets an HttpOnly, SameSite=Strict cookie accepted by REST routes and the /agent handshake', async () => {
    server = await startTestServer();
    await server.createAgent({ login: 'karim' });
    const res = await login(server);
    expect(res.status).toBe(200);
    const { pair, attributes } = sessionCookie(res);
    expect(pair).toMatch(/^besoin_session=[\w-]{43}$/);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=43200']));
    expect(attributes).not.toContain('Secure');
    const behindTls = sessionCookie(await login(server, PASSWORD, { 'x-forwarded-proto': 'https' }));
    expect(behindTls.attributes).toContain('Secure');

    expect((await fetch(`${server.url}/api/tickets`, { headers: { cookie: pair } })).status).toBe(200);
    const session = await fetch(`${server.url}/api/auth/session`, { headers: { cookie: pair } });
    expect(await session.json()).toMatchObject({ agent: { login: 'karim', role: 'agent' } });
    expect((await fetch(`${server.url}/api/tickets`, { headers: { cookie: 'besoin_session=forged' } })).status).toBe(401);
    // a state-changing request with only the cookie must come from this origin
    const crossSite = await fetch(`${server.url}/api/auth/logout-all`, { method: 'POST', headers: { cookie: pair, origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(401);

    const socket = server.raw('/agent', { protocol: PROTOCOL_VERSION }, { extraHeaders: { cookie: pair } });
    const ready = await nextEvent<{ agent: { login: string } }>(socket, 'session:ready');
    expect(ready.agent.login).toBe('karim');
    const foreign = server.raw('/agent', { protocol: PROTOCOL_VERSION }, { extraHeaders: { cookie: pair, origin: 'https://evil.example' } });
    const refusal = await new Promise<unknown>((resolve) => foreign.once('connect_error', (e: Error & { data?: unknown }) => resolve(e.data)));
    expect(refusal).toEqual({ code: 'unauthorized' });
    const sameOrigin = server.raw('/agent', { protocol: PROTOCOL_VERSION }, { extraHeaders: { cookie: pair, origin: server.url } });
    await nextEvent(sameOrigin, 'session:ready');
  });

  it('logout revokes the cookie\'s session, clears the cookie and disconnects that session\'s sockets only', async () => {
    server = await startTestServer();
    await server.createAgent({ login: 'karim' });
    const { pair } = sessionCookie(await login(server));
    const viaCookie = server.raw('/agent', { protocol: PROTOCOL_VERSION }, { extraHeaders: { cookie: pair } });
    await nextEvent(viaCookie, 'session:ready');
    const otherDevice = await server.agent('karim');
    const gone = disconnected(viaCookie);

    const res = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: pair, origin: server.url } });
    expect(res.status).toBe(204);
    const cleared = sessionCookie(res);
    expect(cleared.pair).toBe('besoin_session=');
    expect(cleared.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT']));
    expect(await gone).toBe('io server disconnect');
    expect((await fetch(`${server.url}/api/tickets`, { headers: { cookie: pair } })).status).toBe(401);
    expect(otherDevice.socket.connected).toBe(true);
    expect((await fetch(`${server.url}/api/tickets`, { headers: { authorization: `Bearer ${otherDevice.token}` } })).status).toBe(200);
  });

  it('logout-all revokes every session of the agent and disconnects all their sockets', async () => {
    server = await startTestServer();
    await server.createAgent({ login: 'karim' });
    await server.createAgent({ login: 'lina' });
    const first = await server.agent('karim');
    const second = await server.agent('karim');
    const colleague = await server.agent('lina');
    const gone = Promise.all([disconnected(first.socket), disconnected(second.socket)]);

    const res = await fetch(`${server.url}/api/auth/logout-all`, { method: 'POST', headers: { authorization: `Bearer ${first.token}` } });
    expect(res.status).toBe(204);
    expect(sessionCookie(res).pair).toBe('besoin_session=');
    expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);
    for (const token of [first.token, second.token]) {
      expect((await fetch(`${server.url}/api/tickets`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      const socket = server.raw('/agent', { protocol: PROTOCOL_VERSION, token });
      expect(await new Promise((resolve) => socket.once('connect_error', (e: Error & { data?: unknown }) => resolve(e.data)))).toEqual({ code: 'unauthorized' });
    }
    expect(colleague.socket.connected).toBe(true);
    expect((await fetch(`${server.url}/api/tickets`, { headers: { authorization: `Bearer ${colleague.token}` } })).status).toBe(200);
    expect((await login(server)).status).toBe(200);
    expect((await fetch(`${server.url}/api/auth/logout-all`, { method: 'POST' })).status).toBe(401);
  });

  it('locks an IP out after too many failed logins: even the right password answers 429 until it expires', async () => {
    server = await startTestServer({ policy: parsePolicy({ limits: { failedLoginsPerMinutePerIp: 3, lockoutSeconds: 0.6 } }) });
    await server.createAgent({ login: 'karim' });
    expect((await login(server)).status).toBe(200); // successes do not count
    for (let i = 0; i < 3; i++) expect((await login(server, 'wrong-password')).status).toBe(401);

    const locked = await login(server);
    expect(locked.status).toBe(429);
    const body = (await locked.json()) as { error: { code: string; details: { retryAfterMs: number } } };
    expect(body.error).toMatchObject({ code: 'rate_limited', details: { retryAfterMs: expect.any(Number) } });
    expect(body.error.details.retryAfterMs).toBeGreaterThan(0);
    expect(body.error.details.retryAfterMs).toBeLessThanOrEqual(600);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect(locked.headers.get('set-cookie')).toBeNull();
    expect((await login(server, 'wrong-password')).status).toBe(429);
    // another client address (through the loopback proxy) is not locked out
    expect((await login(server, PASSWORD, { 'x-forwarded-for': '198.51.100.4' })).status).toBe(200);

    await sleep(body.error.details.retryAfterMs + 50);
    expect((await login(server)).status).toBe(200);
  });
});
