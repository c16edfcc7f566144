import { describe, expect, it, vi } from 'vitest';
import { LoginError, checkSession, login, logout, logoutAll, retryAfterOf } from './auth';

const agent = { id: 'a1', login: 'bruno', name: 'Bruno', role: 'agent', status: 'away', departments: ['technical'], maxChats: 3, activeChats: 0 };

function reply(status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch {
  return vi.fn().mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } }));
}

const initOf = (fetchImpl: typeof fetch) => vi.mocked(fetchImpl).mock.calls[0]![1]!;
const hasAuthorization = (init: RequestInit) =>
  Object.keys((init.headers ?? {}) as Record<string, string>).some((h) => h.toLowerCase() === 'authorization');

describe('login', () => {
  it('posts the credentials with the cookie credentials and returns only the agent (the token is not kept)', async () => {
    const fetchImpl = reply(200, { token: 'tok', agent });
    const result = await login('bruno', 'pw', fetchImpl);
    expect(result).toEqual({ agent });
    expect(JSON.stringify(result)).not.toContain('tok');
    const [url, init] = vi.mocked(fetchImpl).mock.calls[0]!;
    expect(url).toBe('/api/auth/login');
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(JSON.parse(String(init?.body))).toEqual({ login: 'bruno', password: 'pw' });
  });

  it('succeeds without a token in the body (the cookie is the session)', async () => {
    await expect(login('bruno', 'pw', reply(200, { agent }))).resolves.toEqual({ agent });
  });

  it.each([
    [401, 'credentials'],
    [429, 'tooMany'],
    [400, 'generic'],
    [500, 'generic'],
  ])('maps HTTP %i to %s', async (status, kind) => {
    const error = await login('x', 'y', reply(status, { error: { code: 'x', message: 'x' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginError);
    expect((error as LoginError).kind).toBe(kind);
  });

  it('a 429 carries details.retryAfterMs, else the Retry-After header', async () => {
    const body = { error: { code: 'rate_limited', message: 'x', details: { retryAfterMs: 125_000 } } };
    const fromBody = await login('x', 'y', reply(429, body, { 'Retry-After': '1' })).catch((e: unknown) => e);
    expect(fromBody).toMatchObject({ kind: 'tooMany', retryAfterMs: 125_000 });
    const fromHeader = await login('x', 'y', reply(429, { error: { code: 'rate_limited' } }, { 'Retry-After': '90' })).catch((e: unknown) => e);
    expect(fromHeader).toMatchObject({ kind: 'tooMany', retryAfterMs: 90_000 });
    const unknown = await login('x', 'y', reply(429, null)).catch((e: unknown) => e);
    expect((unknown as LoginError).retryAfterMs).toBeUndefined();
  });

  it('reads a Retry-After given as an HTTP date', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(retryAfterOf(null, new Headers({ 'Retry-After': 'Thu, 01 Jan 2026 10:03:00 GMT' }), now)).toBe(180_000);
  });

  it('rejects a malformed success body', async () => {
    await expect(login('x', 'y', reply(200, { token: 'tok', agent: { id: 1 } }))).rejects.toBeInstanceOf(LoginError);
  });

  it('a network failure is generic', async () => {
    const error = await login('x', 'y', vi.fn().mockRejectedValue(new TypeError('offline'))).catch((e: unknown) => e);
    expect((error as LoginError).kind).toBe('generic');
  });
});

describe('checkSession', () => {
  it('GET /api/auth/session with the cookie: 200 → in with the agent', async () => {
    const fetchImpl = reply(200, { agent });
    await expect(checkSession(fetchImpl)).resolves.toEqual({ state: 'in', agent });
    const [url, init] = vi.mocked(fetchImpl).mock.calls[0]!;
    expect(url).toBe('/api/auth/session');
    expect(init?.credentials).toBe('same-origin');
    expect(hasAuthorization(init!)).toBe(false);
  });

  it('401 → out; a bad body → out; unreachable → error', async () => {
    await expect(checkSession(reply(401, { error: { code: 'unauthorized' } }))).resolves.toEqual({ state: 'out' });
    await expect(checkSession(reply(200, { agent: { id: 1 } }))).resolves.toEqual({ state: 'out' });
    await expect(checkSession(vi.fn().mockRejectedValue(new TypeError('offline')))).resolves.toEqual({ state: 'error' });
  });
});

describe('logout', () => {
  it('posts with the cookie, no Authorization header, and never throws', async () => {
    const fetchImpl = vi.fn().mockRejectedValue(new Error('offline'));
    await expect(logout(fetchImpl)).resolves.toBeUndefined();
    expect(fetchImpl).toHaveBeenCalledWith('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
  });
});

describe('logoutAll', () => {
  it('POST /api/auth/logout-all with the cookie; true when done or the session was already over', async () => {
    const fetchImpl: typeof fetch = vi.fn().mockResolvedValue(new Response(null, { status: 204 }));
    await expect(logoutAll(fetchImpl)).resolves.toBe(true);
    expect(vi.mocked(fetchImpl).mock.calls[0]![0]).toBe('/api/auth/logout-all');
    expect(initOf(fetchImpl)).toEqual({ method: 'POST', credentials: 'same-origin' });
    await expect(logoutAll(reply(401, { error: { code: 'unauthorized' } }))).resolves.toBe(true);
  });

  it('false on a server error or offline', async () => {
    await expect(logoutAll(reply(500, { error: { code: 'internal' } }))).resolves.toBe(false);
    await expect(logoutAll(vi.fn().mockRejectedValue(new TypeError('offline')))).resolves.toBe(false);
  });
});
