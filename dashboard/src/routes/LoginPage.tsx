import { useState } from 'preact/hooks';
import type { LoginFailure } from '../api/auth';
import { t } from '../i18n';

/** Props of {@link LoginPage}. */
export interface LoginPageProps {
  /** Resolves on success; rejects with an error carrying `kind` ({@link LoginFailure}) and maybe `retryAfterMs` otherwise. */
  onLogin(login: string, password: string): Promise<void>;
}

const MINUTE_MS = 60_000;

function failureOf(error: unknown): LoginFailure {
  const kind = typeof error === 'object' && error !== null ? (error as { kind?: unknown }).kind : undefined;
  return kind === 'credentials' || kind === 'tooMany' ? kind : 'generic';
}

/** The alert text for a failed login; a lock-out says how many minutes are left (at least 1). */
export function failureText(error: unknown): string {
  const kind = failureOf(error);
  if (kind === 'credentials') return t('login.error.credentials');
  if (kind === 'generic') return t('login.error.generic');
  const ms = (error as { retryAfterMs?: unknown }).retryAfterMs;
  const minutes = typeof ms === 'number' && Number.isFinite(ms) ? Math.max(1, Math.ceil(ms / MINUTE_MS)) : 1;
  return t('login.error.tooMany', { minutes });
}

/** The agent login form. */
export function LoginPage({ onLogin }: LoginPageProps) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await onLogin(login.trim(), password);
    } catch (err) {
      setError(failureText(err));
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="login__card" onSubmit={(e) => void submit(e)} aria-labelledby="login-heading">
        <h1 id="login-heading">{t('login.heading')}</h1>
        <label class="field">
          <span>{t('login.login')}</span>
          <input
            name="login"
            autocomplete="username"
            required
            value={login}
            onInput={(e) => setLogin(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <div role="alert" class="login__error">
          {error}
        </div>
        <button type="submit" class="button button--primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
