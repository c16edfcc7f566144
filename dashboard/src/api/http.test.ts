import { TeamResponse } from '@besoin/shared';
import { describe, expect, it, vi } from 'vitest';
import { agentView } from '../test/fixtures';
import { NO_CONTENT, apiRequest, queryString } from './http';
import { downloadTranscript, listTickets } from './tickets';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('apiRequest', () => {
  it('sends the session cookie (same origin, no Authorization header) and parses the answer with the shared schema', async () => {
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => json(200, { agents: [agentView()] }));
    const res = await apiRequest({ fetchImpl }, 'GET', '/api/team', TeamResponse);
    expect(res).toEqual({ ok: true, data: { agents: [agentView()] } });
    const init = fetchImpl.mock.calls[0]?.[1] as RequestInit | undefined;
    expect(init?.credentials).toBe('same-origin');
    expect(Object.keys(init?.headers as Record<string, string>).map((h) => h.toLowerCase())).not.toContain('authorization');
  });

  it('a write sends the cookie too, and the transcript download as well', async () => {
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => json(200, { tickets: [], total: 0 }));
    await apiRequest({ fetchImpl }, 'PATCH', '/api/tickets/TCK-1', NO_CONTENT, { status: 'open' });
    const init = fetchImpl.mock.calls[0]?.[1] as RequestInit | undefined;
    expect(init).toMatchObject({ method: 'PATCH', credentials: 'same-origin', body: '{"status":"open"}' });
    expect((init?.headers as Record<string, string>).Authorization).toBeUndefined();
    const download = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => new Response('texte'));
    expect(await downloadTranscript({ fetchImpl: download }, 'TCK-1')).not.toBeNull();
    expect(download.mock.calls[0]?.[1]).toEqual({ credentials: 'same-origin' });
  });

  it('maps error bodies, bad shapes and network failures to codes', async () => {
    const conflict = await apiRequest({ fetchImpl: async () => json(409, { error: { code: 'conflict', message: 'x' } }) }, 'GET', '/x', TeamResponse);
    expect(conflict).toEqual({ ok: false, error: { code: 'conflict', status: 409 } });
    const bad = await apiRequest({ fetchImpl: async () => json(200, { agents: 'nope' }) }, 'GET', '/x', TeamResponse);
    expect(bad.ok || bad.error.code).toBe('invalid_response');
    const down = await apiRequest({ fetchImpl: async () => Promise.reject(new TypeError('offline')) }, 'GET', '/x', TeamResponse);
    expect(down.ok || down.error.code).toBe('network');
  });

  it('builds the ticket list query from the set filters only', async () => {
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => json(200, { tickets: [], total: 0 }));
    await listTickets({ fetchImpl }, { status: 'open', q: '  panne ' });
    expect(fetchImpl.mock.calls[0]?.[0]).toBe('/api/tickets?status=open&q=panne&limit=50&offset=0');
    expect(queryString({ a: undefined, b: '' })).toBe('');
  });
});
