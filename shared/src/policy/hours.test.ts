import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { currentClosingAt, isOpenAt, nextOpeningAt, SEARCH_HORIZON_DAYS } from './hours';
import { DEFAULT_POLICY, departmentPolicy } from './policy';
import { at, show, withHours } from './testing';

// 2026-01-05 is a Monday; Tunis is UTC+1 all year (no DST).
const P = DEFAULT_POLICY;
const open = (local: string, policy = P, zone?: string) => isOpenAt(policy, 'billing', at(local, zone));
const next = (local: string, policy = P, zone = 'Africa/Tunis') => show(nextOpeningAt(policy, 'billing', at(local, zone)), zone);
const closing = (local: string, policy = P, zone = 'Africa/Tunis') => show(currentClosingAt(policy, 'billing', at(local, zone)), zone);

describe('isOpenAt — billing Monday–Friday 10:00–18:00 Africa/Tunis', () => {
  it.each([
    ['2026-01-05T09:59', false],
    ['2026-01-05T10:00', true], // exactly at open: open
    ['2026-01-05T13:00', true],
    ['2026-01-05T17:59:59.999', true],
    ['2026-01-05T18:00', false], // exactly at close: closed
    ['2026-01-09T17:30', true], // Friday
    ['2026-01-10T12:00', false], // Saturday
    ['2026-01-11T12:00', false], // Sunday
    ['2026-01-05T03:00', false],
  ])('%s → %s', (local, expected) => {
    expect(open(local)).toBe(expected);
  });

  it('reads Date objects and ISO strings with any offset the same way', () => {
    expect(isOpenAt(P, 'billing', new Date('2026-01-05T09:00:00Z'))).toBe(true); // 10:00 Tunis
    expect(isOpenAt(P, 'billing', '2026-01-05T10:00:00+01:00')).toBe(true);
    expect(isOpenAt(P, 'billing', '2026-01-05T08:59:00Z')).toBe(false);
    expect(isOpenAt(P, 'billing', '2026-01-05T09:00:00')).toBe(true); // no offset = UTC
  });

  it('accepts the department entry itself', () => {
    expect(isOpenAt(P, departmentPolicy(P, 'sales'), at('2026-01-05T11:00'))).toBe(true);
  });

  it('treats a 24/7 department as always open, holidays included', () => {
    const policy = { ...P, holidays: ['2026-01-05'] };
    for (const local of ['2026-01-05T03:00', '2026-01-10T23:59', '2026-01-11T00:00']) {
      expect(isOpenAt(policy, 'technical', at(local))).toBe(true);
      expect(nextOpeningAt(policy, 'technical', at(local))).toBeNull();
      expect(currentClosingAt(policy, 'technical', at(local))).toBeNull();
    }
  });

  it('rejects invalid instants and unknown time zones', () => {
    expect(() => isOpenAt(P, 'billing', 'not a date')).toThrow(RangeError);
    expect(() => isOpenAt(P, 'billing', new Date(Number.NaN))).toThrow(RangeError);
    expect(() => isOpenAt({ ...P, timezone: 'Mars/Olympus' }, 'billing', new Date())).toThrow(/time zone/);
  });
});

describe('nextOpeningAt', () => {
  it('is null while open', () => {
    expect(nextOpeningAt(P, 'billing', at('2026-01-05T10:00'))).toBeNull();
    expect(nextOpeningAt(P, 'billing', at('2026-01-05T17:59'))).toBeNull();
  });

  it('is an ISO 8601 UTC instant', () => {
    expect(nextOpeningAt(P, 'billing', at('2026-01-05T08:00'))).toBe('2026-01-05T09:00:00.000Z');
  });

  it.each([
    ['2026-01-05T09:59', '2026-01-05 10:00 Mon'], // before opening, same day
    ['2026-01-05T18:00', '2026-01-06 10:00 Tue'], // exactly at close
    ['2026-01-09T18:30', '2026-01-12 10:00 Mon'], // Friday evening → Monday
    ['2026-01-10T11:00', '2026-01-12 10:00 Mon'], // Saturday
    ['2026-01-11T23:59', '2026-01-12 10:00 Mon'], // Sunday night
  ])('%s Tunis → %s', (local, expected) => {
    expect(next(local)).toBe(expected);
  });

  it('skips a holiday on a Monday', () => {
    const policy = { ...P, holidays: ['2026-01-12'] };
    expect(next('2026-01-09T18:30', policy)).toBe('2026-01-13 10:00 Tue');
    expect(open('2026-01-12T11:00', policy)).toBe(false);
    expect(next('2026-01-12T11:00', policy)).toBe('2026-01-13 10:00 Tue');
  });

  it('skips consecutive holidays', () => {
    const policy = { ...P, holidays: ['2026-01-12', '2026-01-13', '2026-01-14'] };
    expect(next('2026-01-09T18:30', policy)).toBe('2026-01-15 10:00 Thu');
  });

  it('shows the next opening in the visitor time zone (Montréal, Tokyo)', () => {
    const iso = nextOpeningAt(P, 'billing', at('2026-01-09T18:30'))!;
    expect(iso).toBe('2026-01-12T09:00:00.000Z');
    expect(DateTime.fromISO(iso).setZone('America/Montreal').toFormat('ccc HH:mm')).toBe('Mon 04:00');
    expect(DateTime.fromISO(iso).setZone('Asia/Tokyo').toFormat('ccc HH:mm')).toBe('Mon 18:00');
    // In summer Montréal is on EDT (UTC−4) and the gap to Tunis shrinks to 5 hours.
    const summer = nextOpeningAt(P, 'billing', at('2026-07-03T18:30'))!;
    expect(DateTime.fromISO(summer).setZone('America/Montreal').toFormat('yyyy-MM-dd ccc HH:mm')).toBe('2026-07-06 Mon 05:00');
    expect(DateTime.fromISO(summer).setZone('Asia/Tokyo').toFormat('yyyy-MM-dd ccc HH:mm')).toBe('2026-07-06 Mon 18:00');
  });

  it('returns null when the department never opens within the search horizon', () => {
    expect(nextOpeningAt(withHours([]), 'billing', at('2026-01-05T12:00'))).toBeNull();
    const everyDay = Array.from({ length: SEARCH_HORIZON_DAYS + 5 }, (_, i) => DateTime.fromISO('2026-01-05').plus({ days: i }).toISODate()!);
    expect(nextOpeningAt({ ...P, holidays: everyDay }, 'billing', at('2026-01-05T12:00'))).toBeNull();
    expect(isOpenAt(withHours([]), 'billing', at('2026-01-05T12:00'))).toBe(false);
  });
});

describe('currentClosingAt', () => {
  it('is the end of the open period, or null when closed', () => {
    expect(closing('2026-01-05T10:00')).toBe('2026-01-05 18:00 Mon');
    expect(closing('2026-01-09T17:30')).toBe('2026-01-09 18:00 Fri');
    expect(closing('2026-01-05T18:00')).toBeNull();
    expect(closing('2026-01-10T12:00')).toBeNull();
    expect(currentClosingAt(P, 'billing', at('2026-01-05T12:00'))).toBe('2026-01-05T17:00:00.000Z');
  });
});

describe('several rules on one day', () => {
  const split = withHours([
    { days: [1, 2, 3, 4, 5], open: '09:00', close: '12:00' },
    { days: [1, 2, 3, 4, 5], open: '14:00', close: '18:00' },
    { days: [6], open: '10:00', close: '13:00' },
  ]);

  it('has a lunch break', () => {
    expect(open('2026-01-05T11:59', split)).toBe(true);
    expect(open('2026-01-05T12:00', split)).toBe(false);
    expect(next('2026-01-05T12:30', split)).toBe('2026-01-05 14:00 Mon');
    expect(closing('2026-01-05T10:00', split)).toBe('2026-01-05 12:00 Mon');
    expect(next('2026-01-09T18:00', split)).toBe('2026-01-10 10:00 Sat');
    expect(next('2026-01-10T13:00', split)).toBe('2026-01-12 09:00 Mon');
  });

  it('merges overlapping and touching rules into one period', () => {
    const overlapping = withHours([
      { days: [1], open: '09:00', close: '13:00' },
      { days: [1], open: '12:00', close: '16:00' },
      { days: [1], open: '16:00', close: '18:00' },
    ]);
    expect(closing('2026-01-05T09:30', overlapping)).toBe('2026-01-05 18:00 Mon');
    expect(open('2026-01-05T16:00', overlapping)).toBe(true);
  });
});

describe('overnight rules and 24:00', () => {
  const nights = withHours([{ days: [1, 2, 3, 4, 5, 6, 7], open: '22:00', close: '02:00' }]);

  it('a 22:00–02:00 rule spans midnight into the next day', () => {
    expect(open('2026-01-05T21:59', nights)).toBe(false);
    expect(open('2026-01-05T22:00', nights)).toBe(true);
    expect(open('2026-01-06T01:59', nights)).toBe(true);
    expect(open('2026-01-06T02:00', nights)).toBe(false);
    expect(closing('2026-01-05T23:00', nights)).toBe('2026-01-06 02:00 Tue');
    expect(closing('2026-01-06T01:00', nights)).toBe('2026-01-06 02:00 Tue');
    expect(next('2026-01-06T02:00', nights)).toBe('2026-01-06 22:00 Tue');
  });

  it('the night before a holiday still runs until its close; the holiday night does not open', () => {
    const policy = { ...nights, holidays: ['2026-01-12'] };
    expect(open('2026-01-12T01:00', policy)).toBe(true); // Sunday's span, into the holiday
    expect(closing('2026-01-12T01:00', policy)).toBe('2026-01-12 02:00 Mon');
    expect(open('2026-01-12T22:30', policy)).toBe(false);
    expect(open('2026-01-13T01:00', policy)).toBe(false); // would have been Monday's span
    expect(next('2026-01-12T02:00', policy)).toBe('2026-01-13 22:00 Tue');
  });

  it('a rule only on Friday night ends on Saturday', () => {
    const friday = withHours([{ days: [5], open: '20:00', close: '04:00' }]);
    expect(open('2026-01-10T03:00', friday)).toBe(true);
    expect(open('2026-01-11T03:00', friday)).toBe(false);
    expect(next('2026-01-10T04:00', friday)).toBe('2026-01-16 20:00 Fri');
  });

  it("'24:00' closes at the next midnight and touching days merge", () => {
    const weekend = withHours([{ days: [6, 7], open: '00:00', close: '24:00' }, { days: [1], open: '00:00', close: '08:00' }]);
    expect(open('2026-01-10T00:00', weekend)).toBe(true);
    expect(open('2026-01-11T23:59', weekend)).toBe(true);
    expect(closing('2026-01-10T12:00', weekend)).toBe('2026-01-12 08:00 Mon');
    expect(open('2026-01-12T08:00', weekend)).toBe(false);
    const evening = withHours([{ days: [1], open: '18:00', close: '24:00' }]);
    expect(closing('2026-01-05T20:00', evening)).toBe('2026-01-06 00:00 Tue');
    expect(open('2026-01-06T00:00', evening)).toBe(false);
  });

  it('equal open and close is a full 24-hour span', () => {
    const fullDay = withHours([{ days: [3], open: '08:00', close: '08:00' }]);
    expect(open('2026-01-08T07:59', fullDay)).toBe(true);
    expect(closing('2026-01-07T08:00', fullDay)).toBe('2026-01-08 08:00 Thu');
  });

  it('a rule set that is open around the clock never closes within the horizon', () => {
    const always = withHours([{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' }]);
    expect(open('2026-01-07T03:00', always)).toBe(true);
    expect(currentClosingAt(always, 'billing', at('2026-01-07T03:00'))).toBeNull();
    expect(nextOpeningAt(always, 'billing', at('2026-01-07T03:00'))).toBeNull();
  });
});

describe('a policy in Europe/Paris across DST changes', () => {
  const paris = { ...P, timezone: 'Europe/Paris' };

  it('Friday evening before the spring change opens on Monday 10:00 summer time', () => {
    // Clocks go 02:00 → 03:00 on Sunday 2026-03-29: 10:00 is 09:00Z on Friday, 08:00Z on Monday.
    expect(isOpenAt(paris, 'billing', '2026-03-27T09:00:00Z')).toBe(true);
    expect(nextOpeningAt(paris, 'billing', at('2026-03-27T18:30', 'Europe/Paris'))).toBe('2026-03-30T08:00:00.000Z');
    expect(isOpenAt(paris, 'billing', '2026-03-30T07:59:00Z')).toBe(false);
    expect(isOpenAt(paris, 'billing', '2026-03-30T08:00:00Z')).toBe(true);
  });

  it('after the autumn change 10:00 is 09:00Z again', () => {
    expect(nextOpeningAt(paris, 'billing', at('2026-10-23T18:30', 'Europe/Paris'))).toBe('2026-10-26T09:00:00.000Z');
    expect(currentClosingAt(paris, 'billing', '2026-10-26T12:00:00Z')).toBe('2026-10-26T17:00:00.000Z');
  });

  it('an overnight span through the missing hour closes at the first valid time', () => {
    const nights = withHours([{ days: [6], open: '22:00', close: '02:00' }], { timezone: 'Europe/Paris' });
    // 02:00 does not exist on 2026-03-29; luxon moves it to 03:00 CEST = 01:00Z.
    expect(currentClosingAt(nights, 'billing', at('2026-03-28T23:00', 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('shows a Paris opening to a visitor in Montréal and Tokyo', () => {
    const iso = nextOpeningAt(paris, 'billing', at('2026-03-27T18:30', 'Europe/Paris'))!;
    expect(show(iso, 'America/Montreal')).toBe('2026-03-30 04:00 Mon');
    expect(show(iso, 'Asia/Tokyo')).toBe('2026-03-30 17:00 Mon');
  });
});
