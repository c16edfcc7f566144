import { AgentView } from '@besoin/shared';

/** A successful login. */
export interface LoginResult {
  token: string;
  agent: AgentView;
}

/** Why a login failed, as the form needs to know it. */
export type LoginFailure = 'credentials' | 'tooMany' | 'generic';

/** A login error carrying its {@link LoginFailure} kind. */
export class LoginError extends Error {
  override readonly name = 'LoginError';
  constructor(readonly kind: LoginFailure) {
    super(kind);
  }
}

/** `POST /api/auth/login`; resolves with the token and agent or rejects with a {@link LoginError}. */
export async function login(loginName: string, password: string, fetchImpl: typeof fetch = fetch): Promise<LoginResult> {
  let response: Response;
  try {
    response = await fetchImpl('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ login: loginName, password }),
    });
  } catch {
    throw new LoginError('generic');
  }
  if (response.status === 401) throw new LoginError('credentials');
  if (response.status === 429) throw new LoginError('tooMany');
  if (!response.ok) throw new LoginError('generic');
  const body: unknown = await response.json().catch(() => null);
  if (typeof body !== 'object' || body === null) throw new LoginError('generic');
  const { token, agent } = body as { token?: unknown; agent?: unknown };
  const parsed = AgentView.safeParse(agent);
  if (typeof token !== 'string' || token === '' || !parsed.success) throw new LoginError('generic');
  return { token, agent: parsed.data };
}

/** `POST /api/auth/logout`; best effort (the token is dropped locally whatever happens). */
export async function logout(token: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  try {
    await fetchImpl('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  } catch {
    // offline: the server-side token expires on its own
  }
}
