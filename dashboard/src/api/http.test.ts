import { TeamResponse } from '@besoin/shared';
import { describe, expect, it, vi } from 'vitest';
import { agentView } from '../test/fixtures';
import { apiRequest, queryString } from './http';
import { listTickets } from './tickets';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('apiRequest', () => {
  it('sends the bearer token and parses the answer with the shared schema', async () => {
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => json(200, { agents: [agentView()] }));
    const res = await apiRequest({ token: 'tok', fetchImpl }, 'GET', '/api/team', TeamResponse);
    expect(res).toEqual({ ok: true, data: { agents: [agentView()] } });
    const init = fetchImpl.mock.calls[0]?.[1] as RequestInit | undefined;
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('maps error bodies, bad shapes and network failures to codes', async () => {
    const conflict = await apiRequest({ token: 't', fetchImpl: async () => json(409, { error: { code: 'conflict', message: 'x' } }) }, 'GET', '/x', TeamResponse);
    expect(conflict).toEqual({ ok: false, error: { code: 'conflict', status: 409 } });
    const bad = await apiRequest({ token: 't', fetchImpl: async () => json(200, { agents: 'nope' }) }, 'GET', '/x', TeamResponse);
    expect(bad.ok || bad.error.code).toBe('invalid_response');
    const down = await apiRequest({ token: 't', fetchImpl: async () => Promise.reject(new TypeError('offline')) }, 'GET', '/x', TeamResponse);
    expect(down.ok || down.error.code).toBe('network');
  });

  it('builds the ticket list query from the set filters only', async () => {
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => json(200, { tickets: [], total: 0 }));
    await listTickets({ token: 't', fetchImpl }, { status: 'open', q: '  panne ' });
    expect(fetchImpl.mock.calls[0]?.[0]).toBe('/api/tickets?status=open&q=panne&limit=50&offset=0');
    expect(queryString({ a: undefined, b: '' })).toBe('');
  });
});
