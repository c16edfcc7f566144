import { describe, expect, it } from 'vitest';
import {
  formatTicketRef, higherPriority, mayMerge, requesterKey, slaBounds, ticketYear,
} from './ticket.rules';

describe('ticket rules', () => {
  it('formats refs on at least six digits', () => {
    expect(formatTicketRef(2026, 1)).toBe('TCK-2026-000001');
    expect(formatTicketRef(2026, 123)).toBe('TCK-2026-000123');
    expect(formatTicketRef(2026, 999_999)).toBe('TCK-2026-999999');
    expect(formatTicketRef(2026, 1_000_000)).toBe('TCK-2026-1000000');
  });

  it('takes the UTC year of an instant', () => {
    expect(ticketYear('2026-12-31T23:59:59.999Z')).toBe(2026);
    expect(ticketYear('2027-01-01T00:30:00+01:00')).toBe(2026);
    expect(() => ticketYear('not a date')).toThrow(/invalid instant/);
  });

  it('normalises requester e-mails and orders priorities', () => {
    expect(requesterKey('  Amina@Example.COM ')).toBe('amina@example.com');
    expect(higherPriority('low', 'critical')).toBe('critical');
    expect(higherPriority('high', 'normal')).toBe('high');
    expect(higherPriority('normal', 'normal')).toBe('normal');
  });

  it('never merges complaints nor without a window', () => {
    const since = '2026-01-01T00:00:00.000Z';
    expect(mayMerge({ source: 'form', category: 'technical' }, since)).toBe(true);
    expect(mayMerge({ source: 'form', category: 'technical' }, null)).toBe(false);
    expect(mayMerge({ source: 'complaint', category: 'technical' }, since)).toBe(false);
    expect(mayMerge({ source: 'chat', category: 'complaint' }, since)).toBe(false);
  });

  it('derives the SLA bounds, and refuses a filter without its instants', () => {
    const now = '2026-01-05T09:00:00.000Z';
    expect(slaBounds({})).toBeNull();
    expect(slaBounds({ now, atRiskWithinMs: 5 })).toBeNull();
    expect(slaBounds({ sla: 'breached', now })).toEqual({ now, riskUntil: null });
    expect(slaBounds({ sla: 'at_risk', now, atRiskWithinMs: 3_600_000 })).toEqual({ now, riskUntil: '2026-01-05T10:00:00.000Z' });
    expect(() => slaBounds({ sla: 'breached' })).toThrow(/needs a valid now/);
    expect(() => slaBounds({ sla: 'breached', now: 'soon' })).toThrow(/needs a valid now/);
    expect(() => slaBounds({ sla: 'at_risk', now })).toThrow(/atRiskWithinMs/);
    expect(() => slaBounds({ sla: 'at_risk', now, atRiskWithinMs: -1 })).toThrow(/atRiskWithinMs/);
  });
});
