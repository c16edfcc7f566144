import { describe, expect, it, vi } from 'vitest';
import { LoginError, login, logout } from './auth';

const agent = { id: 'a1', login: 'bruno', name: 'Bruno', role: 'agent', status: 'away', departments: ['technical'], maxChats: 3, activeChats: 0 };

function reply(status: number, body: unknown): typeof fetch {
  return vi.fn().mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

describe('login', () => {
  it('posts the credentials and returns the parsed token and agent', async () => {
    const fetchImpl = reply(200, { token: 'tok', agent });
    await expect(login('bruno', 'pw', fetchImpl)).resolves.toEqual({ token: 'tok', agent });
    const [url, init] = vi.mocked(fetchImpl).mock.calls[0]!;
    expect(url).toBe('/api/auth/login');
    expect(JSON.parse(String(init?.body))).toEqual({ login: 'bruno', password: 'pw' });
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

  it('rejects a malformed success body', async () => {
    await expect(login('x', 'y', reply(200, { token: 'tok', agent: { id: 1 } }))).rejects.toBeInstanceOf(LoginError);
  });
});

describe('logout', () => {
  it('sends the bearer token and never throws', async () => {
    const fetchImpl = vi.fn().mockRejectedValue(new Error('offline'));
    await expect(logout('tok', fetchImpl)).resolves.toBeUndefined();
    expect(fetchImpl).toHaveBeenCalledWith('/api/auth/logout', { method: 'POST', headers: { Authorization: 'Bearer tok' } });
  });
});
