import { DEPARTMENTS, type AckError, type Department } from '@besoin/shared';
import type { DepartmentState, WeeklyHours } from './hours';
import { hasStrings, type Loose } from './payloads';
import { getJson } from './visitorData';

/** Department states keyed by id; a department missing from it is treated as open, without hours. */
export type DepartmentStates = Partial<Record<Department, DepartmentState>>;

const isHours = (hours: unknown): hours is WeeklyHours =>
  hours === 'always' ||
  (Array.isArray(hours) &&
    hours.every(
      (h: Loose) => hasStrings(h, 'open close') && Array.isArray(h?.['days']) && h['days'].every(Number.isInteger),
    ));

/**
 * `GET {server}/api/public/departments`, checked; `null` on any failure (the form then shows no hours).
 * Checked by hand rather than with shared's PublicDepartmentsResponse: its unions and arrays would
 * bring zod code used nowhere else onto the first open.
 */
export async function fetchDepartments(server: string, fetchFn: typeof fetch = fetch): Promise<DepartmentStates | null> {
  const body = await getJson(`${server}/api/public/departments`, null, fetchFn);
  if (!Array.isArray(body)) return null;
  const states: DepartmentStates = {};
  for (const item of body as Loose[]) {
    const { id, open, nextOpeningAt, hours } = item ?? {};
    if (!DEPARTMENTS.includes(id as Department) || typeof open !== 'boolean' || !isHours(hours)) return null;
    if (nextOpeningAt !== null && typeof nextOpeningAt !== 'string') return null;
    states[id as Department] = { open, nextOpeningAt, hours };
  }
  return states;
}

/** The fetched states, with a department that refused `chat:start` (department_closed) marked closed. */
export function withClosure(
  states: DepartmentStates | null,
  error: (Pick<AckError, 'details'> & { code: string; department?: Department }) | null,
): DepartmentStates {
  const result: DepartmentStates = { ...states };
  if (error?.code === 'department_closed' && error.department) {
    const next = error.details?.['nextOpeningAt'];
    result[error.department] = {
      ...result[error.department],
      open: false,
      nextOpeningAt: typeof next === 'string' ? next : (result[error.department]?.nextOpeningAt ?? null),
    };
  }
  return result;
}
