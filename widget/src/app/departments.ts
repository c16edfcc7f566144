import { PublicDepartmentsResponse, type AckError, type Department } from '@besoin/shared';
import type { DepartmentState } from './hours';
import { getJson } from './visitorData';

/** Department states keyed by id; a department missing from it is treated as open, without hours. */
export type DepartmentStates = Partial<Record<Department, DepartmentState>>;

/** `GET {server}/api/public/departments`, parsed; `null` on any failure (the form then shows no hours). */
export async function fetchDepartments(server: string, fetchFn: typeof fetch = fetch): Promise<DepartmentStates | null> {
  const parsed = PublicDepartmentsResponse.safeParse(await getJson(`${server}/api/public/departments`, null, fetchFn));
  if (!parsed.success) return null;
  const states: DepartmentStates = {};
  for (const { id, open, nextOpeningAt, hours } of parsed.data) states[id] = { open, nextOpeningAt, hours };
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
