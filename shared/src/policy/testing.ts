import { DateTime } from 'luxon';
import { DEFAULT_POLICY, type Policy, type PolicyDepartment } from './policy';

// Helpers for the policy unit tests (not exported from index.ts).

/** The UTC ISO instant of a local wall-clock time `yyyy-MM-ddTHH:mm` in `zone`. */
export function at(local: string, zone = 'Africa/Tunis'): string {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${local}`);
  return dt.toUTC().toISO()!;
}

/** An instant shown as `yyyy-MM-dd HH:mm ccc` in `zone` (null stays null). */
export function show(iso: string | null, zone = 'Africa/Tunis'): string | null {
  return iso === null ? null : DateTime.fromISO(iso).setZone(zone).toFormat('yyyy-MM-dd HH:mm ccc');
}

/** The default policy with a `billing` department of the given hours and optional overrides. */
export function withHours(hours: PolicyDepartment['hours'], overrides: Partial<Policy> = {}): Policy {
  return {
    ...DEFAULT_POLICY,
    ...overrides,
    departments: DEFAULT_POLICY.departments.map((d) => (d.id === 'billing' ? { ...d, hours } : d)),
  };
}
