import { useCallback, useEffect, useState } from 'preact/hooks';
import { checkSession, login, logout, logoutAll } from './api/auth';
import { DeskPage } from './routes/DeskPage';
import { LoginPage } from './routes/LoginPage';
import { forgetLegacyToken } from './session/legacyToken';

/** Where the app stands: asking the server, logged out, or in a session (a new number per login). */
type Session = { state: 'checking' } | { state: 'out' } | { state: 'in'; id: number };

/** Props of {@link App} (tests inject the fetch). */
export interface AppProps {
  fetchImpl?: typeof fetch;
}

let sessionCounter = 0;
// One stable function: the effects below depend on it.
const browserFetch: typeof fetch = (...args) => fetch(...args);

/**
 * The dashboard. The session is the server's HttpOnly cookie: on load `GET /api/auth/session`
 * decides between the desk (200) and the login page (401).
 */
export function App({ fetchImpl = browserFetch }: AppProps = {}) {
  const [session, setSession] = useState<Session>({ state: 'checking' });

  useEffect(() => {
    forgetLegacyToken();
    let cancelled = false;
    void checkSession(fetchImpl).then((result) => {
      if (!cancelled) setSession(result.state === 'in' ? { state: 'in', id: ++sessionCounter } : { state: 'out' });
    });
    return () => {
      cancelled = true;
    };
  }, [fetchImpl]);

  const onLogin = useCallback(
    async (loginName: string, password: string) => {
      await login(loginName, password, fetchImpl);
      setSession({ state: 'in', id: ++sessionCounter });
    },
    [fetchImpl],
  );

  const onUnauthorized = useCallback(() => setSession({ state: 'out' }), []);

  const onLogout = useCallback(() => {
    void logout(fetchImpl);
    setSession({ state: 'out' });
  }, [fetchImpl]);

  const onLogoutAll = useCallback(async () => {
    const done = await logoutAll(fetchImpl);
    if (done) setSession({ state: 'out' });
    return done;
  }, [fetchImpl]);

  if (session.state === 'checking') return <main class="login" aria-busy="true" />;
  if (session.state === 'out') return <LoginPage onLogin={onLogin} />;
  return <DeskPage key={session.id} fetchImpl={fetchImpl} onUnauthorized={onUnauthorized} onLogout={onLogout} onLogoutAll={onLogoutAll} />;
}
