import { AgentView } from '@besoin/shared';

// The session lives in the server's HttpOnly cookie `besoin_session`: JavaScript never sees
// a token. Every call below is same-origin and sends the cookie (`credentials: 'same-origin'`).

/** A successful login (any `token` in the answer is ignored on purpose). */
export interface LoginResult {
  agent: AgentView;
}

/** Why a login failed, as the form needs to know it. */
export type LoginFailure = 'credentials' | 'tooMany' | 'generic';

/** A login error carrying its {@link LoginFailure} kind (and, for `tooMany`, the wait when known). */
export class LoginError extends Error {
  override readonly name = 'LoginError';
  constructor(
    readonly kind: LoginFailure,
    /** How long the lock-out still lasts, when the server said so. */
    readonly retryAfterMs?: number,
  ) {
    super(kind);
  }
}

/** The wait of a 429: `error.details.retryAfterMs`, else the `Retry-After` header (seconds or an HTTP date). */
export function retryAfterOf(body: unknown, headers: Headers, now = Date.now()): number | undefined {
  const details = (body as { error?: { details?: { retryAfterMs?: unknown } } } | null)?.error?.details;
  const ms = details?.retryAfterMs;
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return ms;
  const header = headers.get('Retry-After')?.trim();
  if (!header) return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function agentOf(body: unknown): AgentView | null {
  if (typeof body !== 'object' || body === null) return null;
  const parsed = AgentView.safeParse((body as { agent?: unknown }).agent);
  return parsed.success ? parsed.data : null;
}

/** `POST /api/auth/login`; the server sets the session cookie. Resolves with the agent or rejects with a {@link LoginError}. */
export async function login(loginName: string, password: string, fetchImpl: typeof fetch = fetch): Promise<LoginResult> {
  let response: Response;
  try {
    response = await fetchImpl('/api/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ login: loginName, password }),
    });
  } catch {
    throw new LoginError('generic');
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401) throw new LoginError('credentials');
  if (response.status === 429) throw new LoginError('tooMany', retryAfterOf(body, response.headers));
  if (!response.ok) throw new LoginError('generic');
  const agent = agentOf(body);
  if (!agent) throw new LoginError('generic');
  return { agent };
}

/** What `GET /api/auth/session` says about this browser's cookie. */
export type SessionCheck = { state: 'in'; agent: AgentView } | { state: 'out' } | { state: 'error' };

/** `GET /api/auth/session`: `in` with the agent (200), `out` (401 or no valid answer), `error` when the server cannot be reached. */
export async function checkSession(fetchImpl: typeof fetch = fetch): Promise<SessionCheck> {
  let response: Response;
  try {
    response = await fetchImpl('/api/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    return { state: 'error' };
  }
  if (!response.ok) return response.status >= 500 ? { state: 'error' } : { state: 'out' };
  const agent = agentOf(await response.json().catch(() => null));
  return agent ? { state: 'in', agent } : { state: 'out' };
}

/** `POST /api/auth/logout` (revokes this session, clears the cookie); best effort. */
export async function logout(fetchImpl: typeof fetch = fetch): Promise<void> {
  try {
    await fetchImpl('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
  } catch {
    // offline: the session expires on its own server-side
  }
}

/**
 * `POST /api/auth/logout-all`: revokes every session of the agent (all devices).
 * True when done — or when this session was already over (401); false when it may not have happened.
 */
export async function logoutAll(fetchImpl: typeof fetch = fetch): Promise<boolean> {
  try {
    const response = await fetchImpl('/api/auth/logout-all', { method: 'POST', credentials: 'same-origin' });
    return response.ok || response.status === 401;
  } catch {
    return false;
  }
}
