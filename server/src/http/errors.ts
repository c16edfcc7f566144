import { AppError, errors, HTTP_STATUS, toAppError } from '@besoin/shared';
import type { ErrorRequestHandler, Request } from 'express';
import type * as z from 'zod/mini';
import type { Logger } from '../domain/deps';
import { toIssues } from '../realtime/command';

/** Parses a request part with a zod schema; `invalid_payload` listing the issues otherwise. */
export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw errors.invalidPayload(toIssues(parsed.error.issues));
  return parsed.data;
}

/** A client error raised by express or body-parser, as an `invalid_payload` AppError; null otherwise. */
function fromClientError(error: unknown): AppError | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('invalid_payload', 'The body is not valid JSON.');
  if (type === 'entity.too.large') return new AppError('invalid_payload', 'The body is too large.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new AppError('invalid_payload', 'Unsupported encoding.');
  // Other client errors raised by express or body-parser (a malformed %-escape in a path, a
  // corrupt compressed body…) carry a 4xx status: the request is bad, not the server.
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError('invalid_payload', 'The request is not valid.');
  return null;
}

/** The JSON error handler: `{ error: { code, message, issues?, details? } }` with the code's status. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res, _next) => {
    const clientError = fromClientError(error);
    const appError = clientError ?? toAppError(error);
    if (!(error instanceof AppError) && !clientError) {
      logger.error({ err: error, method: req.method, url: req.originalUrl, requestId: res.locals.requestId as unknown }, 'request failed');
    }
    const body: Record<string, unknown> = { code: appError.code, message: appError.message };
    if (appError.issues) body.issues = appError.issues;
    if (appError.details) body.details = appError.details;
    const retryAfterMs = appError.details?.retryAfterMs;
    if (appError.code === 'rate_limited' && typeof retryAfterMs === 'number') {
      res.set('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    }
    res.status(HTTP_STATUS[appError.code]).json({ error: body });
  };
}
