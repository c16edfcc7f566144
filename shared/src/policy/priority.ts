import { PRIORITIES, type Category, type Priority } from '../protocol/schemas';

/** Priorities from lowest to highest. */
export const PRIORITY_ORDER: readonly Priority[] = PRIORITIES;

/** Default priority of each ticket category (DESIGN §6 "Tickets"). */
export const CATEGORY_PRIORITY: Readonly<Record<Category, Priority>> = {
  outage: 'critical',
  technical: 'normal',
  billing: 'low',
  sales: 'low',
  complaint: 'high',
};

/** Negative when `a` is less urgent than `b`, 0 when equal, positive when more urgent (sort descending with `(a, b) => comparePriority(b, a)`). */
export function comparePriority(a: Priority, b: Priority): number {
  return PRIORITY_ORDER.indexOf(a) - PRIORITY_ORDER.indexOf(b);
}

/** `p` moved `levels` steps up (down when negative), kept between 'low' and 'critical'. */
export function raisePriority(p: Priority, levels = 1): Priority {
  const index = Math.min(PRIORITY_ORDER.length - 1, Math.max(0, PRIORITY_ORDER.indexOf(p) + Math.trunc(levels)));
  return PRIORITY_ORDER[index]!;
}

/** The more urgent of two priorities. */
export function maxPriority(a: Priority, b: Priority): Priority {
  return comparePriority(a, b) >= 0 ? a : b;
}
