import { useCallback, useState } from 'preact/hooks';
import { login, logout } from './api/auth';
import { DeskPage } from './routes/DeskPage';
import { LoginPage } from './routes/LoginPage';
import { clearToken, loadToken, saveToken } from './session/tokenStorage';

/** The dashboard: the login page without a token, the desk with one. */
export function App() {
  const [token, setToken] = useState<string | null>(() => loadToken());

  const onLogin = useCallback(async (loginName: string, password: string) => {
    const result = await login(loginName, password);
    saveToken(result.token);
    setToken(result.token);
  }, []);

  const onUnauthorized = useCallback(() => {
    clearToken();
    setToken(null);
  }, []);

  const onLogout = useCallback(() => {
    if (token) void logout(token);
    clearToken();
    setToken(null);
  }, [token]);

  return token ? <DeskPage token={token} onUnauthorized={onUnauthorized} onLogout={onLogout} /> : <LoginPage onLogin={onLogin} />;
}
