import { scheduleOf, type DepartmentRef, resolveDepartment } from './hours';
import { toIsoUtc, toMillis, type InstantInput } from './instant';
import type { Policy } from './policy';

// SLA arithmetic (DESIGN §5 rule 5, §6 "Escalation"). Business minutes are real elapsed
// minutes while the department is open, so a DST day counts its true length.

/** `start` plus `minutes` (fractional allowed): wall clock, or only open minutes when the department uses business hours. */
export function addBusinessMinutes(policy: Policy, department: DepartmentRef, start: InstantInput, minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  const dept = resolveDepartment(policy, department);
  let t = toMillis(start);
  let remaining = minutes * 60_000;
  const schedule = dept.slaInBusinessHours ? scheduleOf(policy, dept) : 'always';
  if (schedule === 'always') return toIsoUtc(t + remaining);
  for (;;) {
    const period = schedule.periodAt(t);
    if (period === null) {
      const next = schedule.nextStartAfter(t);
      // A department that never opens within the horizon falls back to the wall clock
      // rather than producing no deadline at all.
      if (next === null) return toIsoUtc(t + remaining);
      t = next;
      continue;
    }
    if (period.end === null || t + remaining <= period.end) return toIsoUtc(t + remaining);
    remaining -= period.end - t;
    t = period.end;
  }
}

/** When the first response is due for a ticket created at `createdAt`. */
export function firstResponseDueAt(policy: Policy, department: DepartmentRef, createdAt: InstantInput): string {
  const dept = resolveDepartment(policy, department);
  return addBusinessMinutes(policy, dept, createdAt, dept.firstResponseMinutes);
}

/** The next escalation deadline: one more response window counted from the previous due time. */
export function nextEscalationDueAt(policy: Policy, department: DepartmentRef, previousDueAt: InstantInput): string {
  const dept = resolveDepartment(policy, department);
  return addBusinessMinutes(policy, dept, previousDueAt, dept.firstResponseMinutes);
}
