import { DateTime } from 'luxon';

// Instants as epoch milliseconds inside the policy code; ISO 8601 UTC strings at the edges.

/** An instant given to a policy function: a `Date` or an ISO 8601 string (no offset = UTC). */
export type InstantInput = Date | string;

/** Epoch milliseconds of an instant; throws `RangeError` when it is not a valid date. */
export function toMillis(at: InstantInput): number {
  const ms = typeof at === 'string' ? DateTime.fromISO(at, { zone: 'utc' }).toMillis() : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`invalid instant: ${String(at)}`);
  return ms;
}

/** The ISO 8601 UTC form (`…Z`) of epoch milliseconds, rounded to the millisecond. */
export function toIsoUtc(ms: number): string {
  return new Date(Math.round(ms)).toISOString();
}

/** Whether luxon (the platform's Intl data) knows this IANA time zone. */
export function isValidTimeZone(zone: string): boolean {
  return DateTime.fromMillis(0, { zone }).isValid;
}
