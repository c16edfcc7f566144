import type { ErrorCode, PayloadIssue } from './errors';
import { toAppError } from './errors';

/** The error half of an acknowledgement. */
export interface AckError {
  code: ErrorCode;
  message: string;
  issues?: PayloadIssue[];
  details?: Record<string, unknown>;
}

/** Every command's acknowledgement: a discriminated union on `ok`. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

/** A successful acknowledgement. */
export function ackOk<T>(data: T): Ack<T> {
  return { ok: true, data };
}

/** A failed acknowledgement built from anything thrown; unknown errors become `internal`. */
export function ackError(error: unknown): { ok: false; error: AckError } {
  const e = toAppError(error);
  const body: AckError = { code: e.code, message: e.message };
  if (e.issues) body.issues = e.issues;
  if (e.details) body.details = e.details;
  return { ok: false, error: body };
}
