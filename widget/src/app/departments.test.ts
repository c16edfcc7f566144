import { describe, expect, it, vi } from 'vitest';
import { fetchDepartments, withClosure } from './departments';

const body = [
  { id: 'technical', label: 'Technique', open: true, nextOpeningAt: null, hours: 'always' },
  {
    id: 'billing',
    label: 'Facturation',
    open: false,
    nextOpeningAt: '2026-03-09T09:00:00.000Z',
    hours: [{ days: [1, 2, 3, 4, 5], open: '10:00', close: '18:00' }],
  },
];

describe('fetchDepartments', () => {
  it('GETs the public departments and keys them by id', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify(body), { status: 200 }));
    const states = await fetchDepartments('https://support.example.com', fetchFn);
    expect(fetchFn).toHaveBeenCalledWith('https://support.example.com/api/public/departments', expect.anything());
    expect(states?.technical).toEqual({ open: true, nextOpeningAt: null, hours: 'always' });
    expect(states?.billing?.open).toBe(false);
  });

  it('answers null on a network error, an HTTP error or an invalid body', async () => {
    expect(await fetchDepartments('https://x', async () => Promise.reject(new TypeError('offline')))).toBeNull();
    expect(await fetchDepartments('https://x', async () => new Response('{}', { status: 500 }))).toBeNull();
    expect(await fetchDepartments('https://x', async () => new Response('[{"id":"hr"}]'))).toBeNull();
  });
});

describe('withClosure', () => {
  it('marks the department a department_closed ack refused as closed', () => {
    const states = withClosure(null, {
      code: 'department_closed',
      department: 'sales',
      details: { nextOpeningAt: '2026-03-09T09:00:00.000Z' },
    });
    expect(states.sales).toEqual({ open: false, nextOpeningAt: '2026-03-09T09:00:00.000Z' });
    expect(withClosure(null, { code: 'rate_limited' })).toEqual({});
  });
});
