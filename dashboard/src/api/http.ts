import { type ErrorCode, ERROR_CODES } from '@besoin/shared';

/** The subset of a zod/mini schema the client needs. */
export interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

/** Error codes of the REST API plus those produced by the client itself. */
export type HttpErrorCode = ErrorCode | 'network' | 'invalid_response';

/** One validation problem of a 400 answer (zod's issue shape: `path` names the field). */
export interface HttpIssue {
  path: (string | number)[];
  message: string;
  code?: string;
}

/** A failed REST call: a stable code, the HTTP status, and the field issues of a 400. */
export interface HttpError {
  code: HttpErrorCode;
  status: number;
  issues?: HttpIssue[];
}

/** The outcome of a REST call: parsed data or a stable error code; never rejects. */
export type HttpOutcome<T> = { ok: true; data: T } | { ok: false; error: HttpError };

/** A parser for answers without a body (204). */
export const NO_CONTENT: Parser<undefined> = { safeParse: () => ({ success: true, data: undefined }) };

/** How the REST client is configured: an injectable fetch (tests). The session is the HttpOnly cookie. */
export interface ApiClient {
  fetchImpl?: typeof fetch;
}

const knownCodes: ReadonlySet<string> = new Set(ERROR_CODES);

function codeOf(body: unknown, status: number): HttpErrorCode {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  if (typeof code === 'string' && knownCodes.has(code)) return code as ErrorCode;
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not_found';
  return 'internal';
}

function issuesOf(body: unknown): HttpIssue[] | undefined {
  const issues = (body as { error?: { issues?: unknown } } | null)?.error?.issues;
  if (!Array.isArray(issues)) return undefined;
  return issues.flatMap((raw: unknown) => {
    const { path, message, code } = (raw ?? {}) as { path?: unknown; message?: unknown; code?: unknown };
    if (!Array.isArray(path)) return [];
    return [{
      path: path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number'),
      message: typeof message === 'string' ? message : '',
      ...(typeof code === 'string' ? { code } : {}),
    }];
  });
}

/** Calls the agent REST API (same origin, session cookie) and validates the answer with `schema`. */
export async function apiRequest<T>(
  client: ApiClient,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  schema: Parser<T>,
  body?: unknown,
): Promise<HttpOutcome<T>> {
  const fetchImpl = client.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    return { ok: false, error: { code: 'network', status: 0 } };
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const issues = issuesOf(json);
    return { ok: false, error: { code: codeOf(json, response.status), status: response.status, ...(issues ? { issues } : {}) } };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, error: { code: 'invalid_response', status: response.status } };
  return { ok: true, data: parsed.data };
}

/** Builds `?a=1&b=2` from the defined, non-empty values. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
