import { useState } from 'preact/hooks';
import type { LoginFailure } from '../api/auth';
import { t } from '../i18n';

/** Props of {@link LoginPage}. */
export interface LoginPageProps {
  /** Resolves on success; rejects with an error carrying `kind` ({@link LoginFailure}) otherwise. */
  onLogin(login: string, password: string): Promise<void>;
}

const failureText: Record<LoginFailure, string> = {
  credentials: t('login.error.credentials'),
  tooMany: t('login.error.tooMany'),
  generic: t('login.error.generic'),
};

function failureOf(error: unknown): LoginFailure {
  const kind = typeof error === 'object' && error !== null ? (error as { kind?: unknown }).kind : undefined;
  return kind === 'credentials' || kind === 'tooMany' ? kind : 'generic';
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
      setError(failureText[failureOf(err)]);
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
