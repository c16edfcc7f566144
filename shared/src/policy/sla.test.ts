import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, firstResponseDueAt, nextEscalationDueAt } from './sla';
import { DEFAULT_POLICY } from './policy';
import { at, show, withHours } from './testing';

// 2026-01-09 is a Friday; Tunis is UTC+1.
const P = DEFAULT_POLICY;
const add = (dept: 'technical' | 'billing' | 'sales', local: string, minutes: number, policy = P) =>
  show(addBusinessMinutes(policy, dept, at(local), minutes));

describe('addBusinessMinutes', () => {
  it('Friday 17:30 Tunis + 240 business minutes = Monday 13:30 Tunis (billing)', () => {
    expect(add('billing', '2026-01-09T17:30', 240)).toBe('2026-01-12 13:30 Mon');
    expect(addBusinessMinutes(P, 'billing', at('2026-01-09T17:30'), 240)).toBe('2026-01-12T12:30:00.000Z');
  });

  it('counts in the company time zone whatever the visitor\'s: Friday 11:30 in Montréal is 17:30 in Tunis', () => {
    // A visitor in Montréal (UTC−5 in January) files a billing ticket on Friday at 11:30 local time.
    const fromMontreal = DateTime.fromISO('2026-01-09T11:30', { zone: 'America/Montreal' }).toJSDate();
    const due = addBusinessMinutes(P, 'billing', fromMontreal, 240);
    expect(due).toBe('2026-01-12T12:30:00.000Z');
    expect(DateTime.fromISO(due).setZone('America/Montreal').toFormat('ccc HH:mm')).toBe('Mon 07:30');
    // and one in Tokyo (UTC+9) on Saturday 01:30 local = Friday 17:30 Tunis: the same due time
    const fromTokyo = DateTime.fromISO('2026-01-10T01:30', { zone: 'Asia/Tokyo' }).toJSDate();
    expect(addBusinessMinutes(P, 'billing', fromTokyo, 240)).toBe(due);
  });

  it('technical counts the wall clock: Friday 17:30 + 240 = Friday 21:30', () => {
    expect(add('technical', '2026-01-09T17:30', 240)).toBe('2026-01-09 21:30 Fri');
  });

  it('wall clock too when slaInBusinessHours is false, even with hours', () => {
    const policy = { ...P, departments: P.departments.map((d) => ({ ...d, slaInBusinessHours: false })) };
    expect(add('billing', '2026-01-09T17:30', 240, policy)).toBe('2026-01-09 21:30 Fri');
  });

  it('a start outside hours counts from the next opening', () => {
    expect(add('billing', '2026-01-10T11:00', 240)).toBe('2026-01-12 14:00 Mon'); // Saturday
    expect(add('billing', '2026-01-13T09:00', 240)).toBe('2026-01-13 14:00 Tue'); // Tuesday 09:00
    expect(add('sales', '2026-01-13T19:00', 240)).toBe('2026-01-14 14:00 Wed');
  });

  it('inside hours, within the day', () => {
    expect(add('billing', '2026-01-13T10:00', 240)).toBe('2026-01-13 14:00 Tue');
    expect(add('billing', '2026-01-13T14:00', 240)).toBe('2026-01-13 18:00 Tue'); // ends exactly at close
    expect(add('billing', '2026-01-13T14:01', 240)).toBe('2026-01-14 10:01 Wed');
  });

  it('spans several days: 3 business days = 1,440 minutes', () => {
    expect(add('billing', '2026-01-08T12:00', 3 * 480)).toBe('2026-01-13 12:00 Tue');
  });

  it('skips a holiday in between', () => {
    const policy = { ...P, holidays: ['2026-01-12'] };
    expect(add('billing', '2026-01-09T17:30', 240, policy)).toBe('2026-01-13 13:30 Tue');
    expect(add('technical', '2026-01-11T23:00', 240, policy)).toBe('2026-01-12 03:00 Mon'); // 24/7 ignores holidays
  });

  it('skips consecutive holidays', () => {
    const policy = { ...P, holidays: ['2026-01-12', '2026-01-13'] };
    expect(add('billing', '2026-01-09T17:30', 240, policy)).toBe('2026-01-14 13:30 Wed');
  });

  it('takes fractional minutes', () => {
    expect(addBusinessMinutes(P, 'billing', at('2026-01-09T17:59'), 1.5)).toBe('2026-01-12T09:00:30.000Z');
    expect(addBusinessMinutes(P, 'technical', '2026-01-09T17:00:00Z', 0.001)).toBe('2026-01-09T17:00:00.060Z');
    expect(addBusinessMinutes(P, 'billing', at('2026-01-13T10:00'), 0.25)).toBe('2026-01-13T09:00:15.000Z');
  });

  it('zero minutes is the start when open, the next opening when closed', () => {
    expect(add('billing', '2026-01-13T11:00', 0)).toBe('2026-01-13 11:00 Tue');
    expect(add('billing', '2026-01-09T18:00', 0)).toBe('2026-01-12 10:00 Mon');
  });

  it('counts an overnight rule across midnight', () => {
    const nights = withHours([{ days: [1, 2, 3, 4, 5], open: '22:00', close: '02:00' }]);
    expect(add('billing', '2026-01-05T23:00', 120, nights)).toBe('2026-01-06 01:00 Tue');
    expect(add('billing', '2026-01-05T23:00', 240, nights)).toBe('2026-01-06 23:00 Tue');
    expect(add('billing', '2026-01-09T23:00', 240, nights)).toBe('2026-01-12 23:00 Mon');
  });

  it('counts real elapsed minutes on a DST day (Europe/Paris, 25-hour Sunday)', () => {
    const sundays = withHours([{ days: [7], open: '00:00', close: '24:00' }], { timezone: 'Europe/Paris' });
    // 2026-10-25 has 25 hours in Paris: 24 h of business minutes end at 23:00 local.
    expect(show(addBusinessMinutes(sundays, 'billing', at('2026-10-25T00:00', 'Europe/Paris'), 24 * 60), 'Europe/Paris')).toBe('2026-10-25 23:00 Sun');
    const paris = { ...P, timezone: 'Europe/Paris' };
    expect(show(addBusinessMinutes(paris, 'billing', at('2026-03-27T17:30', 'Europe/Paris'), 240), 'Europe/Paris')).toBe('2026-03-30 13:30 Mon');
  });

  it('falls back to the wall clock when the department never opens', () => {
    expect(addBusinessMinutes(withHours([]), 'billing', '2026-01-09T12:00:00Z', 60)).toBe('2026-01-09T13:00:00.000Z');
  });

  it('rejects negative or non-finite minutes and invalid starts', () => {
    expect(() => addBusinessMinutes(P, 'billing', at('2026-01-09T12:00'), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(P, 'billing', at('2026-01-09T12:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessMinutes(P, 'technical', 'yesterday', 1)).toThrow(RangeError);
  });

  it('accepts Date starts', () => {
    expect(addBusinessMinutes(P, 'technical', new Date('2026-01-09T16:30:00Z'), 240)).toBe('2026-01-09T20:30:00.000Z');
  });
});

describe('firstResponseDueAt', () => {
  it('uses the department window (240 minutes by default)', () => {
    expect(show(firstResponseDueAt(P, 'billing', at('2026-01-09T17:30')))).toBe('2026-01-12 13:30 Mon');
    expect(show(firstResponseDueAt(P, 'technical', at('2026-01-09T17:30')))).toBe('2026-01-09 21:30 Fri');
    expect(show(firstResponseDueAt(P, 'sales', at('2026-01-10T08:00')))).toBe('2026-01-12 14:00 Mon');
  });

  it('follows a policy with fractional windows (fast tests)', () => {
    const fast = { ...P, departments: P.departments.map((d) => ({ ...d, firstResponseMinutes: 0.05 })) };
    expect(firstResponseDueAt(fast, 'technical', '2026-01-09T12:00:00Z')).toBe('2026-01-09T12:00:03.000Z');
  });
});

describe('nextEscalationDueAt — each window counts from the previous due time', () => {
  it('billing: three windows in a row from Friday 17:30', () => {
    const first = firstResponseDueAt(P, 'billing', at('2026-01-09T17:30'));
    const second = nextEscalationDueAt(P, 'billing', first);
    const third = nextEscalationDueAt(P, 'billing', second);
    const fourth = nextEscalationDueAt(P, 'billing', third);
    expect([first, second, third, fourth].map((d) => show(d))).toEqual([
      '2026-01-12 13:30 Mon',
      '2026-01-12 17:30 Mon',
      '2026-01-13 13:30 Tue',
      '2026-01-13 17:30 Tue',
    ]);
  });

  it('technical: wall-clock windows of 4 hours', () => {
    let due = firstResponseDueAt(P, 'technical', at('2026-01-09T17:30'));
    const chain = [due];
    for (let i = 0; i < 3; i++) chain.push((due = nextEscalationDueAt(P, 'technical', due)));
    expect(chain.map((d) => show(d))).toEqual(['2026-01-09 21:30 Fri', '2026-01-10 01:30 Sat', '2026-01-10 05:30 Sat', '2026-01-10 09:30 Sat']);
  });

  it('billing windows skip a holiday', () => {
    const policy = { ...P, holidays: ['2026-01-13'] };
    const first = firstResponseDueAt(policy, 'billing', at('2026-01-12T15:00'));
    const second = nextEscalationDueAt(policy, 'billing', first);
    const third = nextEscalationDueAt(policy, 'billing', second);
    expect([first, second, third].map((d) => show(d))).toEqual(['2026-01-14 11:00 Wed', '2026-01-14 15:00 Wed', '2026-01-15 11:00 Thu']);
  });
});
