import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextEvent, startTestServer, type TestServer } from '../test/support';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

async function post(pathname: string, body: unknown, token?: string) {
  return fetch(`${server.url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function login(loginName: string, password = 'correct-horse-battery') {
  const res = await post('/api/auth/login', { login: loginName, password });
  return { res, body: (await res.json()) as { token?: string; agent?: Record<string, unknown>; error?: { code: string } } };
}

describe('POST /api/auth/login and /logout', () => {
  it('logs in with the right password and returns the AgentView, never the hash', async () => {
    await server.createAgent({ login: 'karim', name: 'Karim', departments: ['technical', 'billing'], maxChats: 4 });
    const { res, body } = await login('karim');
    expect(res.status).toBe(200);
    expect(body.token).toMatch(/^[\w-]{40,}$/);
    expect(body.agent).toEqual({
      id: expect.any(String), login: 'karim', name: 'Karim', role: 'agent', status: 'away',
      departments: ['technical', 'billing'], maxChats: 4, activeChats: 0,
    });
    expect(JSON.stringify(body)).not.toContain('scrypt');
  });

  it('refuses a wrong password or an unknown login with 401 unauthorized', async () => {
    await server.createAgent({ login: 'karim' });
    for (const [l, p] of [['karim', 'wrong-password'], ['nobody', 'correct-horse-battery']] as const) {
      const { res, body } = await login(l, p);
      expect(res.status).toBe(401);
      expect(body.error?.code).toBe('unauthorized');
    }
  });

  it('answers 400 invalid_payload on bad JSON and bad shapes', async () => {
    for (const body of ['{not json', JSON.stringify({ login: 5 }), JSON.stringify([]), 'null']) {
      const res = await post('/api/auth/login', body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_payload');
    }
  });

  it('logout revokes the token and disconnects its sockets', async () => {
    await server.createAgent({ login: 'karim' });
    const agent = await server.agent('karim');
    const disconnected = nextEvent(agent.socket, 'disconnect');
    const res = await post('/api/auth/logout', {}, agent.token);
    expect(res.status).toBe(204);
    await disconnected;
    const list = await fetch(`${server.url}/api/agents`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(list.status).toBe(401);
  });
});

describe('/api/agents', () => {
  it('is admin-only for changes and open to supervisors for reading', async () => {
    await server.createAgent({ login: 'boss', role: 'admin' });
    await server.createAgent({ login: 'sup', role: 'supervisor' });
    await server.createAgent({ login: 'ag', role: 'agent' });
    const admin = (await login('boss')).body.token!;
    const sup = (await login('sup')).body.token!;
    const ag = (await login('ag')).body.token!;
    const get = (token?: string) => fetch(`${server.url}/api/agents`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await get()).status).toBe(401);
    expect((await get(ag)).status).toBe(403);
    expect((await get(sup)).status).toBe(200);
    const listed = (await (await get(admin)).json()) as { agents: { login: string }[] };
    expect(listed.agents.map((a) => a.login).sort()).toEqual(['ag', 'boss', 'sup']);

    const newAgent = { login: 'lina', name: 'Lina', password: 'long-enough-pw', role: 'agent', departments: ['billing'], maxChats: 2 };
    expect((await post('/api/agents', newAgent, sup)).status).toBe(403);
    const created = await post('/api/agents', newAgent, admin);
    expect(created.status).toBe(201);
    const { agent } = (await created.json()) as { agent: { id: string; maxChats: number } };
    expect(agent.maxChats).toBe(2);
    expect((await post('/api/agents', newAgent, admin)).status).toBe(409);
    expect((await post('/api/agents', { ...newAgent, login: 'x y', departments: ['hr'] }, admin)).status).toBe(400);
    expect((await login('lina', 'long-enough-pw')).res.status).toBe(200);

    const patch = (token: string, body: unknown, id = agent.id) =>
      fetch(`${server.url}/api/agents/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    expect((await patch(sup, { maxChats: 5 })).status).toBe(403);
    const patched = await patch(admin, { maxChats: 5, departments: ['billing', 'sales'] });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { agent: { maxChats: number; departments: string[] } }).agent).toMatchObject({ maxChats: 5, departments: ['billing', 'sales'] });
    expect((await patch(admin, { maxChats: 5 }, 'nope')).status).toBe(404);

    const del = (token: string, id = agent.id) => fetch(`${server.url}/api/agents/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect((await del(sup)).status).toBe(403);
    expect((await del(admin)).status).toBe(204);
    expect((await del(admin)).status).toBe(404);
    expect((await login('lina', 'long-enough-pw')).res.status).toBe(401);
  });
});

describe('health and pages', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', store: 'ok' });
  });

  it('serves the French demo page with the widget embedded, and JSON 404s under /api', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<script src="/widget.js" async></script>');
    const missing = await fetch(`${server.url}/api/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'No such route.' } });
  });
});

describe('static files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'besoin-static-'));
    mkdirSync(path.join(dir, 'widget'));
    mkdirSync(path.join(dir, 'dashboard', 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'widget', 'widget.js'), '/*loader*/');
    writeFileSync(path.join(dir, 'widget', 'widget-app.js'), '/*app*/');
    writeFileSync(path.join(dir, 'dashboard', 'index.html'), '<!doctype html><title>Dashboard</title>');
    writeFileSync(path.join(dir, 'dashboard', 'assets', 'app.js'), '/*dash*/');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the loader, the lazy chunk, and the dashboard with an SPA fallback', async () => {
    const { createApp } = await import('../app');
    const { openSqliteStore } = await import('../store/index');
    const pino = (await import('pino')).default;
    const { DEFAULT_POLICY } = await import('@besoin/shared');
    const store = openSqliteStore(path.join(dir, 'db.sqlite'));
    const app = createApp(
      { store, policy: DEFAULT_POLICY, logger: pino({ level: 'silent' }) },
      { staticDirs: { widget: path.join(dir, 'widget'), dashboard: path.join(dir, 'dashboard') } },
    );
    const port = await app.listen(0);
    const base = `http://127.0.0.1:${port}`;
    try {
      const loader = await fetch(`${base}/widget.js`);
      expect(loader.headers.get('content-type')).toContain('javascript');
      expect(loader.headers.get('access-control-allow-origin')).toBe('*');
      expect(await loader.text()).toBe('/*loader*/');
      expect(await (await fetch(`${base}/widget-app.js`)).text()).toBe('/*app*/');
      expect(await (await fetch(`${base}/agent`)).text()).toContain('<title>Dashboard</title>');
      expect(await (await fetch(`${base}/agent/chats/123`)).text()).toContain('<title>Dashboard</title>');
      expect(await (await fetch(`${base}/agent/assets/app.js`)).text()).toBe('/*dash*/');
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('metrics', () => {
  it('exposes Prometheus metrics, with the acknowledgement latency of commands', async () => {
    const visitor = await server.visitor();
    const { callOk, chatStart } = await import('../test/support');
    await callOk(visitor.socket, 'chat:start', chatStart());
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/besoin_command_ack_seconds_count\{event="chat:start"\} 1/);
    expect(text).toMatch(/besoin_connected_sockets\{namespace="visitor"\} 1/);
    expect(text).toContain('besoin_webhook_deliveries_total');
    expect(text).toMatch(/besoin_queue_waiting\{department="technical"\} 1/);
    expect(text).toMatch(/besoin_queue_waiting\{department="billing"\} 0/);
    expect(text).toMatch(/besoin_nodejs_eventloop_lag_seconds \d/);
  });

  it('measures assignments: latency of the routing pass and time waited in the queue', async () => {
    const { callOk, chatStart, nextEvent } = await import('../test/support');
    const count = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
    const assignments = /besoin_assignment_seconds_count (\d+)/;
    const waits = /besoin_queue_wait_seconds_count\{department="technical"\} (\d+)/;
    const before = await (await fetch(`${server.url}/metrics`)).text();
    const visitor = await server.visitor();
    const { chat } = await callOk<{ chat: { id: string } }>(visitor.socket, 'chat:start', chatStart({ email: 'bob@example.com' }));
    await server.createAgent({ login: 'metrics-agent', maxChats: 5 });
    const { socket } = await server.agent('metrics-agent');
    const assigned: string[] = [];
    socket.on('chat:assigned', ({ chat: c }: { chat: { id: string } }) => assigned.push(c.id));
    const mine = new Promise<void>((resolve) => socket.on('chat:assigned', ({ chat: c }: { chat: { id: string } }) => c.id === chat.id && resolve()));
    await callOk(socket, 'agent:status', { status: 'online' });
    await Promise.race([mine, nextEvent(socket, 'never', 5000)]);
    const after = await (await fetch(`${server.url}/metrics`)).text();
    expect(count(after, assignments) - count(before, assignments)).toBe(assigned.length);
    expect(count(after, waits) - count(before, waits)).toBe(assigned.length);
    expect(after).toMatch(/besoin_queue_waiting\{department="technical"\} 0\n/);
  });
});

describe('compression', () => {
  it('gzips pages and scripts for clients that accept it', async () => {
    const res = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toContain('<html');
    const plain = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });
});

describe('request ids', () => {
  it('returns an X-Request-Id, keeping a well-formed one from the proxy and replacing a malformed one', async () => {
    const fresh = await fetch(`${server.url}/healthz`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'lb-42.abc' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-42.abc');
    const replaced = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
