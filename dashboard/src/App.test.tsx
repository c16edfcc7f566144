import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { LEGACY_TOKEN_KEY } from './session/legacyToken';
import { fakeSockets } from './test/fakeAgentSocket';
import { agentView } from './test/fixtures';

vi.mock('socket.io-client', async () => {
  const { fakeIo } = await import('./test/fakeAgentSocket');
  return { io: fakeIo };
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A fake server: `/api/auth/session` answers `session`; the rest as given; every call recorded. */
function server(session: number, routes: Record<string, () => Response> = {}) {
  const calls: [string, RequestInit | undefined][] = [];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push([url, init]);
    if (url === '/api/auth/session') return session === 200 ? json(200, { agent: agentView() }) : json(session, { error: { code: 'unauthorized', message: 'x' } });
    const route = routes[url];
    if (route) return route();
    if (url === '/api/queues') return json(200, { queues: [] });
    return json(404, { error: { code: 'not_found', message: 'x' } });
  }) as unknown as typeof fetch;
  return { fetchImpl, calls };
}

const desk = () => screen.findByRole('combobox', { name: 'Disponibilité' });

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(cleanup);

describe('App — the session check on load', () => {
  it('200 from GET /api/auth/session (cookie, no Authorization) opens the desk, connecting without a token', async () => {
    const { fetchImpl, calls } = server(200);
    const before = fakeSockets.length;
    render(<App fetchImpl={fetchImpl} />);
    expect(await desk()).toBeTruthy();
    const [url, init] = calls[0]!;
    expect(url).toBe('/api/auth/session');
    expect(init?.credentials).toBe('same-origin');
    expect((init?.headers as Record<string, string>).Authorization).toBeUndefined();
    expect(fakeSockets.length).toBe(before + 1);
    expect(fakeSockets.at(-1)?.options.auth).toEqual({ protocol: expect.any(Number) });
  });

  it('with the browser fetch, the session is checked once and the desk stays mounted', async () => {
    const { fetchImpl, calls } = server(200);
    vi.stubGlobal('fetch', fetchImpl);
    try {
      render(<App />);
      const select = await desk();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(calls.filter(([url]) => url === '/api/auth/session')).toHaveLength(1);
      expect(screen.getByRole('combobox', { name: 'Disponibilité' })).toBe(select);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('401 shows the login form; logging in opens the desk without storing any token', async () => {
    const { fetchImpl } = server(401, { '/api/auth/login': () => json(200, { token: 'secret-tok', agent: agentView() }) });
    render(<App fetchImpl={fetchImpl} />);
    fireEvent.input(await screen.findByLabelText('Identifiant'), { target: { value: 'bruno' } });
    fireEvent.input(screen.getByLabelText('Mot de passe'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(await desk()).toBeTruthy();
    const stored = [sessionStorage, localStorage].flatMap((s) => Object.keys(s).map((k) => s.getItem(k) ?? ''));
    expect(stored.join(' ')).not.toContain('secret-tok');
  });

  it('deletes a token an older version left in web storage', async () => {
    sessionStorage.setItem(LEGACY_TOKEN_KEY, 'old');
    localStorage.setItem(LEGACY_TOKEN_KEY, 'old');
    render(<App fetchImpl={server(401).fetchImpl} />);
    await screen.findByLabelText('Identifiant');
    expect(sessionStorage.getItem(LEGACY_TOKEN_KEY)).toBeNull();
    expect(localStorage.getItem(LEGACY_TOKEN_KEY)).toBeNull();
  });

  it('the server ending the session (socket refused or closed) brings back the login form', async () => {
    render(<App fetchImpl={server(200).fetchImpl} />);
    await desk();
    fakeSockets.at(-1)!.serverEmit('disconnect', 'io server disconnect');
    expect(await screen.findByLabelText('Identifiant')).toBeTruthy();
  });
});

describe('App — logging out', () => {
  it('"Se déconnecter" posts /api/auth/logout with the cookie and shows the login form', async () => {
    const { fetchImpl, calls } = server(200, { '/api/auth/logout': () => new Response(null, { status: 204 }) });
    render(<App fetchImpl={fetchImpl} />);
    await desk();
    fireEvent.click(screen.getByRole('button', { name: 'Se déconnecter' }));
    expect(await screen.findByLabelText('Identifiant')).toBeTruthy();
    expect(calls.find(([url]) => url === '/api/auth/logout')?.[1]).toEqual({ method: 'POST', credentials: 'same-origin' });
    expect(fakeSockets.at(-1)?.active).toBe(false);
  });

  it('"Se déconnecter partout" asks first; "Annuler" keeps the desk and calls nothing', async () => {
    const { fetchImpl, calls } = server(200);
    render(<App fetchImpl={fetchImpl} />);
    await desk();
    fireEvent.click(screen.getByRole('button', { name: 'Se déconnecter partout' }));
    const dialog = screen.getByRole('dialog', { name: 'Se déconnecter de tous les appareils ?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Disponibilité' })).toBeTruthy();
    expect(calls.some(([url]) => url === '/api/auth/logout-all')).toBe(false);
  });

  it('confirmed, it posts /api/auth/logout-all with the cookie and shows the login form', async () => {
    const { fetchImpl, calls } = server(200, { '/api/auth/logout-all': () => new Response(null, { status: 204 }) });
    render(<App fetchImpl={fetchImpl} />);
    await desk();
    fireEvent.click(screen.getByRole('button', { name: 'Se déconnecter partout' }));
    const dialog = screen.getByRole('dialog', { name: 'Se déconnecter de tous les appareils ?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Se déconnecter partout' }));
    expect(await screen.findByLabelText('Identifiant')).toBeTruthy();
    expect(calls.find(([url]) => url === '/api/auth/logout-all')?.[1]).toEqual({ method: 'POST', credentials: 'same-origin' });
    expect(fakeSockets.at(-1)?.active).toBe(false);
  });

  it('a failed logout-all keeps the dialog open with the reason', async () => {
    const { fetchImpl } = server(200, { '/api/auth/logout-all': () => json(500, { error: { code: 'internal', message: 'x' } }) });
    render(<App fetchImpl={fetchImpl} />);
    await desk();
    fireEvent.click(screen.getByRole('button', { name: 'Se déconnecter partout' }));
    const dialog = screen.getByRole('dialog', { name: 'Se déconnecter de tous les appareils ?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Se déconnecter partout' }));
    expect(await within(dialog).findByText('La déconnexion de tous les appareils a échoué. Réessayez.')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Disponibilité' })).toBeTruthy();
  });
});
