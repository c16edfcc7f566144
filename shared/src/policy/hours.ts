import { DateTime } from 'luxon';
import type { Department } from '../protocol/schemas';
import { toIsoUtc, toMillis, type InstantInput } from './instant';
import { departmentPolicy, type Policy, type PolicyDepartment } from './policy';

// Business hours (DESIGN §5 rule 3). An opening rule yields, for each local day it names, one
// interval [open, close) in the policy time zone; close <= open runs into the next day and
// '24:00' is the next midnight. Intervals are half-open: open at `open`, closed at `close`.
// A holiday removes the intervals that *start* on it, so an overnight span begun the day
// before still runs to its close. Searches are bounded so a policy that never opens ends.

/** How far ahead the searches look (days) before answering "never". */
export const SEARCH_HORIZON_DAYS = 400;

/** A department given by id or by its policy entry. */
export type DepartmentRef = Department | PolicyDepartment;

type HoursRule = Exclude<PolicyDepartment['hours'], 'always'>[number];
interface Interval {
  start: number;
  end: number;
}

/** The policy entry of a department given by id or already resolved. */
export function resolveDepartment(policy: Policy, department: DepartmentRef): PolicyDepartment {
  return typeof department === 'string' ? departmentPolicy(policy, department) : department;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The instant of `minutes` after the start of local day `day` (1440 = next midnight). */
function atLocal(day: DateTime, minutes: number): number {
  const whole = Math.floor(minutes / 1440);
  const rest = minutes - whole * 1440;
  return day.plus({ days: whole }).set({ hour: Math.floor(rest / 60), minute: rest % 60 }).toMillis();
}

const DAY_MS = 86_400_000;
/** Cached days per schedule before the cache is reset (a long-running server adds one a day). */
const MAX_CACHED_DAYS = 5_000;

/** A compiled schedule: answers about open periods of one department. */
export interface Schedule {
  /** Whether `t` falls in an open interval. */
  isOpen(t: number): boolean;
  /** The merged open period containing `t` (end null: no closing within the horizon), or null when closed. */
  periodAt(t: number): { end: number | null } | null;
  /** The first opening strictly after `t` (meaningful while closed at `t`), or null within the horizon. */
  nextStartAfter(t: number): number | null;
}

/** One local calendar day: when it starts and the intervals that start on it, sorted. */
interface LocalDay {
  start: number;
  intervals: Interval[];
}

function compileSchedule(zone: string, rules: readonly HoursRule[], holidayList: readonly string[]): Schedule {
  if (!DateTime.fromMillis(0, { zone }).isValid) throw new RangeError(`invalid time zone: ${zone}`);
  const holidays = new Set(holidayList);
  // Local days are numbered like UTC days (days since 1970-01-01 on the local calendar), so
  // walking them is integer arithmetic; luxon only runs for a day not seen before.
  const cache = new Map<number, LocalDay>();

  /** The number of the local day containing `ms`. */
  const dayNumberOf = (ms: number) => {
    const local = DateTime.fromMillis(ms, { zone });
    return Math.round(Date.UTC(local.year, local.month - 1, local.day) / DAY_MS);
  };

  function localDay(n: number): LocalDay {
    const cached = cache.get(n);
    if (cached) return cached;
    const calendar = new Date(n * DAY_MS);
    const key = calendar.toISOString().slice(0, 10);
    const weekday = ((calendar.getUTCDay() + 6) % 7) + 1; // 1 = Monday … 7 = Sunday
    const day = DateTime.fromObject({ year: calendar.getUTCFullYear(), month: calendar.getUTCMonth() + 1, day: calendar.getUTCDate() }, { zone });
    const intervals: Interval[] = [];
    if (!holidays.has(key)) {
      for (const rule of rules) {
        if (!rule.days.includes(weekday)) continue;
        const open = minutesOf(rule.open);
        let close = minutesOf(rule.close);
        if (close <= open) close += 1440;
        const interval = { start: atLocal(day, open), end: atLocal(day, close) };
        if (interval.end > interval.start) intervals.push(interval);
      }
    }
    intervals.sort((x, y) => x.start - y.start);
    if (cache.size >= MAX_CACHED_DAYS) cache.clear();
    const entry = { start: day.toMillis(), intervals };
    cache.set(n, entry);
    return entry;
  }

  /** The interval containing `t` that ends last, or null. */
  function containing(t: number, today: number): Interval | null {
    // An interval lasts at most 48 h (open '24:00', close '24:00'), so two days back suffice.
    let best: Interval | null = null;
    for (let n = today - 2; n <= today; n++) {
      for (const i of localDay(n).intervals) if (i.start <= t && t < i.end && (!best || i.end > best.end)) best = i;
    }
    return best;
  }

  return {
    isOpen: (t) => containing(t, dayNumberOf(t)) !== null,
    periodAt(t) {
      const today = dayNumberOf(t);
      let end = containing(t, today)?.end;
      if (end === undefined) return null;
      // Intervals come day by day in start order, so one pass extends `end` over touching ones.
      for (let n = today - 2; n <= today + SEARCH_HORIZON_DAYS; n++) {
        const day = localDay(n);
        if (day.start > end) return { end };
        for (const i of day.intervals) if (i.start <= end && i.end > end) end = i.end;
      }
      return { end: null };
    },
    nextStartAfter(t) {
      const today = dayNumberOf(t);
      for (let n = today; n <= today + SEARCH_HORIZON_DAYS; n++) {
        const next = localDay(n).intervals.find((i) => i.start > t);
        if (next) return next.start;
      }
      return null;
    },
  };
}

// Compiled schedules are memoised per policy and department object (policies are treated as
// immutable), so repeated calls reuse the intervals already computed for each local day.
const compiled = new WeakMap<Policy, WeakMap<PolicyDepartment, Schedule>>();

/** The compiled schedule of a department, or 'always' for a 24/7 one (holidays do not close it). */
export function scheduleOf(policy: Policy, department: DepartmentRef): Schedule | 'always' {
  const dept = resolveDepartment(policy, department);
  if (dept.hours === 'always') return 'always';
  let perDepartment = compiled.get(policy);
  if (!perDepartment) compiled.set(policy, (perDepartment = new WeakMap()));
  let schedule = perDepartment.get(dept);
  if (!schedule) perDepartment.set(dept, (schedule = compileSchedule(policy.timezone, dept.hours, policy.holidays)));
  return schedule;
}

/** Whether the department is open at `at` (open at the opening minute, closed at the closing one). */
export function isOpenAt(policy: Policy, department: DepartmentRef, at: InstantInput): boolean {
  const schedule = scheduleOf(policy, department);
  return schedule === 'always' || schedule.isOpen(toMillis(at));
}

/** ISO UTC instant of the next opening; null when open at `at`, for 'always', or when none within the horizon. */
export function nextOpeningAt(policy: Policy, department: DepartmentRef, at: InstantInput): string | null {
  const schedule = scheduleOf(policy, department);
  if (schedule === 'always') return null;
  const t = toMillis(at);
  if (schedule.isOpen(t)) return null;
  const next = schedule.nextStartAfter(t);
  return next === null ? null : toIsoUtc(next);
}

/** ISO UTC instant when the open period containing `at` ends (touching rules merged); null when closed, 'always', or no end within the horizon. */
export function currentClosingAt(policy: Policy, department: DepartmentRef, at: InstantInput): string | null {
  const schedule = scheduleOf(policy, department);
  if (schedule === 'always') return null;
  const end = schedule.periodAt(toMillis(at))?.end;
  return end === undefined || end === null ? null : toIsoUtc(end);
}
