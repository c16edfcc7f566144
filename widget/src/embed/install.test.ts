import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppHandle, AppModule, BesoinDaideApi, MountOptions } from '../types';
import { OUTBOX_STORAGE_KEY } from '../app/outbox';
import { install, OPEN_STORAGE_KEY } from './install';

type TestWindow = Window & { BesoinDaide?: unknown };

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined); // dev-only debug output
});

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  delete (window as TestWindow).BesoinDaide;
  localStorage.clear();
  sessionStorage.clear();
});

function fakeApp() {
  const handle: AppHandle = { setOpen: vi.fn(), identify: vi.fn(), setLocale: vi.fn(), unmount: vi.fn() };
  const mounted: { root?: ShadowRoot; options?: MountOptions } = {};
  const module: AppModule = {
    mount: vi.fn((root: ShadowRoot, options: MountOptions) => {
      Object.assign(mounted, { root, options });
      return handle;
    }),
  };
  const importer = vi.fn(async (_url: string) => module);
  return { handle, mounted, module, importer };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function launcherOf(): HTMLButtonElement {
  const host = document.querySelector('[data-besoin-daide]');
  const root = host?.shadowRoot;
  if (!root) throw new Error('no open shadow root');
  const button = [...root.querySelectorAll('button')].find((b) => b.textContent === "Besoin d'aide");
  if (!button) throw new Error('no launcher');
  return button;
}

describe('loader install()', () => {
  it('puts a launcher named "Besoin d\'aide" in an open shadow root, outside the host page DOM', () => {
    install({ server: 'https://support.example', importer: fakeApp().importer });
    const host = document.querySelector('[data-besoin-daide]') as HTMLElement;
    expect(host.shadowRoot?.mode).toBe('open');
    const launcher = launcherOf();
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(document.querySelector('button')).toBeNull(); // nothing leaks into the light DOM
    expect(host.shadowRoot?.querySelector('style')?.textContent).toBeDefined();
  });

  it('replays the calls queued before load, in order', async () => {
    const calls: string[] = [];
    (window as TestWindow).BesoinDaide = {
      q: [
        ['identify', { name: 'Amira', email: 'amira@example.tn' }],
        ['setLocale', 'fr-FR'],
        ['on', 'open', () => calls.push('open')],
        ['unknown-method', 1],
        ['open'],
      ],
    };
    const app = fakeApp();
    const api = install({ server: 'https://support.example', importer: app.importer });
    expect((window as TestWindow).BesoinDaide).toBe(api);
    expect(calls).toEqual(['open']);
    await flush();
    expect(app.importer).toHaveBeenCalledWith('https://support.example/widget-app.js');
    expect(app.mounted.options?.identity).toEqual({ name: 'Amira', email: 'amira@example.tn' });
    expect(app.mounted.options?.locale).toBe('fr');
    expect(app.handle.setOpen).toHaveBeenCalledWith(true);
    expect(launcherOf().getAttribute('aria-expanded')).toBe('true');
  });

  it('imports the app lazily on the first open only, and mounts it in the shadow root', async () => {
    const app = fakeApp();
    const api = install({ server: 'https://support.example', importer: app.importer }) as BesoinDaideApi;
    expect(app.importer).not.toHaveBeenCalled();
    launcherOf().click();
    await flush();
    expect(app.importer).toHaveBeenCalledTimes(1);
    expect(app.mounted.root).toBe(document.querySelector('[data-besoin-daide]')?.shadowRoot);
    api.close();
    api.open();
    await flush();
    expect(app.importer).toHaveBeenCalledTimes(1);
    expect(app.handle.setOpen).toHaveBeenLastCalledWith(true);
  });

  it('forwards events to listeners and keeps working when one throws', async () => {
    const app = fakeApp();
    const api = install({ server: 'https://s', importer: app.importer }) as BesoinDaideApi;
    const seen: unknown[] = [];
    api.on('close', () => {
      throw new Error('host bug');
    });
    const off = api.on('message', (detail) => seen.push(detail));
    api.open();
    await flush();
    app.mounted.options?.emit('message', { text: 'Bonjour' });
    off();
    app.mounted.options?.emit('message', { text: 'ignored' });
    expect(seen).toEqual([{ text: 'Bonjour' }]);
    expect(() => api.close()).not.toThrow();
  });

  it('shows "indisponible" and never throws when the app chunk cannot load', async () => {
    const importer = vi.fn(async () => {
      throw new Error('404');
    });
    const api = install({ server: 'https://s', importer }) as BesoinDaideApi;
    expect(() => api.open()).not.toThrow();
    await flush();
    const alert = document.querySelector('[data-besoin-daide]')?.shadowRoot?.querySelector('[role="alert"]') as HTMLElement;
    expect(alert.hidden).toBe(false);
    expect(alert.textContent).toMatch(/indisponible/);
    api.close();
    api.open(); // tries again
    await flush();
    expect(importer).toHaveBeenCalledTimes(2);
  });

  it('forwards calls made on a captured stub after load', () => {
    const stub = { q: [] as unknown[] };
    (window as TestWindow).BesoinDaide = stub;
    const app = fakeApp();
    install({ server: 'https://s', importer: app.importer });
    // The documented snippet pushes into window.BesoinDaide.q, now the live API's queue.
    ((window as TestWindow).BesoinDaide as BesoinDaideApi).q.push(['open']);
    expect(launcherOf().getAttribute('aria-expanded')).toBe('true');
  });

  it('opens again after a reload (or on another page, same tab) when the dialog was open, after the queued calls', async () => {
    const first = fakeApp();
    const api = install({ server: 'https://s', importer: first.importer }) as BesoinDaideApi;
    api.open();
    expect(sessionStorage.getItem(OPEN_STORAGE_KEY)).toBe('1');
    await flush();

    // The reload: a new page, the same sessionStorage.
    document.body.innerHTML = '';
    const opened: string[] = [];
    (window as TestWindow).BesoinDaide = { q: [['on', 'open', () => opened.push('open')]] };
    const second = fakeApp();
    install({ server: 'https://s', importer: second.importer });
    expect(opened).toEqual(['open']); // the host's queued listener heard it
    await flush();
    expect(second.handle.setOpen).toHaveBeenLastCalledWith(true);
    expect(launcherOf().getAttribute('aria-expanded')).toBe('true');

    ((window as TestWindow).BesoinDaide as BesoinDaideApi).close();
    expect(sessionStorage.getItem(OPEN_STORAGE_KEY)).toBeNull();
    document.body.innerHTML = '';
    delete (window as TestWindow).BesoinDaide;
    const third = fakeApp();
    install({ server: 'https://s', importer: third.importer });
    await flush();
    expect(third.importer).not.toHaveBeenCalled(); // closed before the reload: stays closed
  });

  it('loads the app closed when messages are still unacknowledged, so that they are resent', async () => {
    localStorage.setItem(OUTBOX_STORAGE_KEY, JSON.stringify([{ clientMessageId: 'c1', chatId: 'chat-1', text: 'Bonjour', createdAt: '2026-03-09T09:00:00.000Z' }]));
    const app = fakeApp();
    install({ server: 'https://s', importer: app.importer });
    await flush();
    expect(app.importer).toHaveBeenCalledTimes(1);
    expect(app.handle.setOpen).not.toHaveBeenCalledWith(true);
    expect(launcherOf().getAttribute('aria-expanded')).toBe('false');
  });

  it('never throws when sessionStorage does', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const api = install({ server: 'https://s', importer: fakeApp().importer }) as BesoinDaideApi;
    expect(() => api.open()).not.toThrow();
    expect(launcherOf().getAttribute('aria-expanded')).toBe('true');
  });
});
