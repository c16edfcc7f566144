import { describe, expect, it, vi } from 'vitest';
import { getJson, outageTickets, overdueTickets, parseConfig, parseTickets, safeUrl, type VisitorTicket } from './visitorData';

const NOW = Date.parse('2026-03-09T14:00:00.000Z');
const ticket = (patch: Partial<VisitorTicket>): VisitorTicket => ({
  ref: 'TCK-2026-000001',
  subject: 'Site en panne',
  category: 'outage',
  status: 'open',
  createdAt: '2026-03-09T09:00:00.000Z',
  ...patch,
});

describe('getJson', () => {
  it('sends the visitor token as a Bearer header and answers undefined on any failure', async () => {
    const fetchFn = vi.fn(async () => new Response('{"tickets":[]}', { status: 200 }));
    expect(await getJson('https://x/api/visitor/tickets', 'tok', fetchFn)).toEqual({ tickets: [] });
    expect(fetchFn).toHaveBeenCalledWith('https://x/api/visitor/tickets', {
      headers: { Accept: 'application/json', Authorization: 'Bearer tok' },
    });
    expect(await getJson('https://x', null, async () => new Response('', { status: 401 }))).toBeUndefined();
    expect(await getJson('https://x', null, async () => Promise.reject(new TypeError('offline')))).toBeUndefined();
  });
});

describe('parseConfig / parseTickets', () => {
  it('reads the public config, 4 hours when the target is missing', () => {
    expect(parseConfig({ phone: '+216 71 000 000', customerAreaUrl: 'https://client.example.tn', firstResponseHours: 4 })).toEqual({
      phone: '+216 71 000 000',
      customerAreaUrl: 'https://client.example.tn',
      firstResponseHours: 4,
    });
    expect(parseConfig({ phone: '+216', customerAreaUrl: 'https://c' })?.firstResponseHours).toBe(4);
    expect(parseConfig({ phone: 1 })).toBeNull();
    expect(parseConfig(undefined)).toBeNull();
  });

  it('keeps the well-formed tickets only', () => {
    const good = ticket({ firstRespondedAt: '2026-03-09T10:00:00.000Z' });
    expect(parseTickets({ tickets: [good, { ref: 'X' }, null, { ...good, firstRespondedAt: 3 }] })).toEqual([good]);
    expect(parseTickets({})).toBeNull();
    expect(parseTickets(undefined)).toBeNull();
  });
});

describe('outageTickets', () => {
  it('keeps open or pending outage tickets only', () => {
    const open = ticket({ ref: 'A' });
    const pending = ticket({ ref: 'B', status: 'pending' });
    const resolved = ticket({ ref: 'C', status: 'resolved' });
    const technical = ticket({ ref: 'D', category: 'technical' });
    expect(outageTickets([open, pending, resolved, technical]).map((t) => t.ref)).toEqual(['A', 'B']);
  });
});

describe('overdueTickets', () => {
  it('lists open tickets with no first response for more than 4 hours', () => {
    const old = ticket({ ref: 'OLD', createdAt: '2026-03-09T09:59:00.000Z' }); // 4 h 01 ago
    const exactly = ticket({ ref: 'EXACT', createdAt: '2026-03-09T10:00:00.000Z' }); // 4 h ago: not more
    const answered = ticket({ ref: 'ANSWERED', firstRespondedAt: '2026-03-09T11:00:00.000Z' });
    const closed = ticket({ ref: 'CLOSED', status: 'closed' });
    expect(overdueTickets([old, exactly, answered, closed], NOW, 4).map((t) => t.ref)).toEqual(['OLD']);
  });
});

describe('safeUrl', () => {
  it('accepts web addresses only', () => {
    expect(safeUrl('https://client.example.tn/factures')).toBe('https://client.example.tn/factures');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('')).toBeUndefined();
  });
});
