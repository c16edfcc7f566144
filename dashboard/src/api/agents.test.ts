import { describe, expect, it, vi } from 'vitest';
import { agentView, ticketView } from '../test/fixtures';
import { agentSaveFailure, createAgent, deleteAgent } from './agents';
import { fetchEmergencies, fetchSlaTickets } from './supervision';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('agents API', () => {
  it('POST /api/agents with the payload; a 400 carries the field issues', async () => {
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
      json(400, { error: { code: 'invalid_payload', message: 'x', issues: [{ code: 'too_small', path: ['password'], message: 'At least 8 characters.' }] } }),
    );
    const payload = { login: 'chloe', name: 'Chloé', password: 'x', role: 'agent' as const, departments: ['technical' as const], maxChats: 3 };
    const res = await createAgent({ fetchImpl }, payload);
    expect(fetchImpl.mock.calls[0]?.[0]).toBe('/api/agents');
    expect(JSON.parse(String(fetchImpl.mock.calls[0]?.[1]?.body))).toEqual(payload);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(agentSaveFailure(res.error)).toEqual({ fields: { password: 'invalid' }, code: null });
  });

  it('a 409 is a taken login; an error without issues keeps its code', () => {
    expect(agentSaveFailure({ code: 'conflict', status: 409 })).toEqual({ fields: { login: 'taken' }, code: null });
    expect(agentSaveFailure({ code: 'forbidden', status: 403 })).toEqual({ fields: {}, code: 'forbidden' });
  });

  it('DELETE answers 204 without a body', async () => {
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => new Response(null, { status: 204 }));
    expect(await deleteAgent({ fetchImpl }, 'a/1')).toEqual({ ok: true, data: undefined });
    expect(fetchImpl.mock.calls[0]?.[0]).toBe('/api/agents/a%2F1');
    expect(fetchImpl.mock.calls[0]?.[1]?.method).toBe('DELETE');
  });

  it('the create answer is validated', async () => {
    const res = await createAgent({ fetchImpl: async () => json(201, { agent: agentView() }) }, {
      login: 'bruno', name: 'Bruno', password: 'motdepasse', role: 'agent', departments: ['technical'], maxChats: 3,
    });
    expect(res).toEqual({ ok: true, data: { agent: agentView() } });
  });
});

describe('supervision API', () => {
  it('asks for the SLA lists by kind', async () => {
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => json(200, { tickets: [ticketView()], total: 1 }));
    await fetchSlaTickets({ fetchImpl }, 'at_risk');
    expect(fetchImpl.mock.calls[0]?.[0]).toBe('/api/tickets?sla=at_risk&limit=50');
  });

  it('parses emergencies and refuses a malformed one', async () => {
    const emergency = {
      id: 'em-1', ticketRef: 'TCK-2026-000123', requesterEmail: 'a@example.com', description: 'Coupé', testedOtherDevices: true,
      testedOtherNetworks: true, abuse: false, createdAt: '2026-03-02T09:00:00.000Z', ticket: ticketView(), extra: 1,
    };
    const { extra: _extra, ...expected } = emergency;
    const ok = await fetchEmergencies({ fetchImpl: async () => json(200, { emergencies: [emergency] }) });
    expect(ok).toEqual({ ok: true, data: { emergencies: [expected] } });
    const bad = await fetchEmergencies({ fetchImpl: async () => json(200, { emergencies: [{ ...emergency, ticket: null }] }) });
    expect(bad.ok || bad.error.code).toBe('invalid_response');
  });
});
