/** The stable error codes of the protocol and HTTP API (DESIGN §2). */
export const ERROR_CODES = [
  'invalid_payload',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'department_closed',
  'incompatible_protocol',
  'internal',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status for each error code, used by the REST layer. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_payload: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  department_closed: 409,
  incompatible_protocol: 400,
  internal: 500,
};

/** A validation issue as reported to clients (a subset of zod's issue shape). */
export interface PayloadIssue {
  code: string;
  path: PropertyKey[];
  message: string;
}

/** An error the application raises on purpose; its code and message are safe to show. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly issues?: PayloadIssue[],
  ) {
    // No stack: these are answers, never logged with one, and capturing it was most of their
    // cost (thousands per second when the server sheds load).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** Factories for the errors raised most often, so that messages stay consistent. */
export const errors = {
  invalidPayload: (issues: PayloadIssue[]) => new AppError('invalid_payload', 'The payload is not valid.', undefined, issues),
  unauthorized: (message = 'Authentication is required.') => new AppError('unauthorized', message),
  forbidden: (message = 'You are not allowed to do this.') => new AppError('forbidden', message),
  notFound: (what: string) => new AppError('not_found', `${what} not found.`),
  conflict: (message: string, details?: Record<string, unknown>) => new AppError('conflict', message, details),
  rateLimited: (retryAfterMs: number) => new AppError('rate_limited', 'Too many requests.', { retryAfterMs }),
  departmentClosed: (nextOpeningAt: string | null) =>
    new AppError('department_closed', 'This department is closed now.', { nextOpeningAt }),
  internal: () => new AppError('internal', 'Internal error.'),
};

/** Turns anything caught into an {@link AppError}; unknown errors become `internal` with no internals. */
export function toAppError(error: unknown): AppError {
  return error instanceof AppError ? error : errors.internal();
}
