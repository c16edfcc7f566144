import css from './launcher.css?inline';
import { debug } from '../debug';
import { frLoader } from '../i18n/fr';
import { LOCALE_STORAGE_KEY, toLocale } from '../i18n/locales';
import { OUTBOX_STORAGE_KEY } from '../app/outbox';
import { readStorage, writeStorage } from '../storage';
import type { AppHandle, AppModule, BesoinDaideApi, Identity, WidgetEvent } from '../types';

// The loader: a launcher button in a shadow root, the public API and its pre-load queue.
// Plain DOM on purpose (it is on every page of the host site); the app arrives on first open.

/** sessionStorage key set while the dialog is open: after a reload or on another page of the site (same tab) it opens again. */
export const OPEN_STORAGE_KEY = 'besoin-daide:open';

type Method = 'open' | 'close' | 'identify' | 'setLocale' | 'on';
const METHODS: readonly Method[] = ['open', 'close', 'identify', 'setLocale', 'on'];

/** Loads the app module; tests inject their own to observe the lazy import. */
export type Importer = (url: string) => Promise<AppModule>;

/** Options of {@link install}. */
export interface InstallOptions {
  /** Origin of the support server, e.g. `https://support.example.com`. */
  server: string;
  /** The host page's CSP nonce, put on every <style> the loader and the app inject. */
  nonce?: string;
  importer?: Importer;
  win?: Window & { BesoinDaide?: unknown };
}

const ICON_PATH =
  'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z';

/** The launcher's icon, built node by node: no innerHTML, so a host enforcing Trusted Types accepts it. */
function icon(doc: Document): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg');
  const path = doc.createElementNS(ns, 'path');
  const attrs = (el: Element, values: Record<string, string>) => Object.entries(values).forEach(([k, v]) => el.setAttribute(k, v));
  attrs(svg, { viewBox: '0 0 24 24', width: '22', height: '22', 'aria-hidden': 'true', focusable: 'false' });
  attrs(path, { fill: 'currentColor', d: ICON_PATH });
  svg.append(path);
  return svg;
}

const defaultImporter: Importer = (url) => import(/* @vite-ignore */ url) as Promise<AppModule>;

/** Installs the widget on `win` (once) and replays the calls queued before load; never throws. */
export function install(options: InstallOptions): BesoinDaideApi | undefined {
  const win: Window & { BesoinDaide?: unknown } = options.win ?? window;
  try {
    const existing = win.BesoinDaide as Partial<BesoinDaideApi> | undefined;
    if (existing?.version) return existing as BesoinDaideApi; // loaded twice: keep the first
    const { api, resume } = createWidget(win, options);
    const queued = (existing as { q?: unknown } | undefined)?.q;
    win.BesoinDaide = api;
    if (Array.isArray(queued)) queued.forEach((call) => api.q.push(call));
    resume(); // after the queued calls, so that the host's listeners hear the "open"
    return api;
  } catch (error) {
    debug('install failed', error);
    return undefined;
  }
}

function createWidget(win: Window, { server, nonce, importer = defaultImporter }: InstallOptions): { api: BesoinDaideApi; resume: () => void } {
  const doc = win.document;
  const listeners = new Map<WidgetEvent, Set<(detail?: unknown) => void>>();
  let identity: Identity = {};
  let locale = toLocale(readStorage(LOCALE_STORAGE_KEY)) ?? 'fr';
  let isOpen = false;
  let handle: AppHandle | undefined;
  let loading: Promise<void> | undefined;

  const host = doc.createElement('div');
  host.setAttribute('data-besoin-daide', '');
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  if (nonce) style.setAttribute('nonce', nonce); // before the text and the insertion: CSP checks it then
  style.textContent = css;
  const launcher = doc.createElement('button');
  launcher.type = 'button';
  launcher.className = 'bd-launcher';
  launcher.setAttribute('aria-expanded', 'false');
  const label = doc.createElement('span');
  label.textContent = frLoader.launcher;
  launcher.append(icon(doc), label);
  launcher.addEventListener('click', () => (isOpen ? api.close() : api.open()));
  const notice = doc.createElement('p');
  notice.className = 'bd-unavailable';
  notice.setAttribute('role', 'alert');
  notice.hidden = true;
  root.append(style, notice, launcher);

  const attach = () => doc.body.append(host);
  if (doc.body) attach();
  else doc.addEventListener('DOMContentLoaded', attach, { once: true });

  function emit(event: WidgetEvent, detail?: unknown): void {
    listeners.get(event)?.forEach((fn) => {
      try {
        fn(detail);
      } catch (error) {
        debug('listener failed', event, error); // a host listener's bug must not break the widget
      }
    });
  }

  function loadApp(): Promise<void> {
    loading ??= importer(`${server}/widget-app.js`)
      .then((mod) => {
        handle = mod.mount(root, { server, nonce, identity, locale, emit, requestClose: () => api.close() });
      })
      .catch((error: unknown) => {
        debug('app chunk unavailable', error);
        loading = undefined; // the next open tries again
        notice.textContent = frLoader.unavailable;
        notice.hidden = !isOpen;
      });
    return loading;
  }

  const api: BesoinDaideApi = {
    version: '1',
    open() {
      if (isOpen) return;
      isOpen = true;
      writeStorage(OPEN_STORAGE_KEY, '1', 'sessionStorage');
      launcher.setAttribute('aria-expanded', 'true');
      emit('open');
      loadApp()
        .then(() => handle?.setOpen(isOpen))
        .catch(debug);
    },
    close() {
      if (!isOpen) return;
      isOpen = false;
      writeStorage(OPEN_STORAGE_KEY, null, 'sessionStorage');
      launcher.setAttribute('aria-expanded', 'false');
      notice.hidden = true;
      const hadFocus = root.activeElement !== null;
      handle?.setOpen(false);
      if (hadFocus) launcher.focus(); // give focus back instead of losing it in a hidden dialog
      emit('close');
    },
    identify(next) {
      if (!next || typeof next !== 'object') return;
      const clean = (value: unknown) => (typeof value === 'string' ? value.slice(0, 254) : undefined);
      identity = { name: clean(next.name) ?? identity.name, email: clean(next.email) ?? identity.email };
      handle?.identify(identity);
    },
    setLocale(next) {
      const known = toLocale(next);
      if (!known) return;
      locale = known;
      writeStorage(LOCALE_STORAGE_KEY, known);
      handle?.setLocale(known);
    },
    on(event, fn) {
      if (typeof fn !== 'function') return () => undefined;
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set.add(fn));
      return () => void set.delete(fn);
    },
    q: {
      push(call) {
        if (!Array.isArray(call)) return 0;
        const [method, ...args] = call as [unknown, ...unknown[]];
        if (!METHODS.includes(method as Method)) return 0;
        try {
          (api[method as Method] as (...a: unknown[]) => unknown)(...args);
        } catch (error) {
          debug('queued call failed', method, error);
        }
        return 0;
      },
    },
  };
  // Public methods never throw into the host page.
  for (const method of METHODS) {
    const inner = api[method] as (...a: unknown[]) => unknown;
    (api as unknown as Record<Method, unknown>)[method] = (...args: unknown[]) => {
      try {
        return inner(...args);
      } catch (error) {
        debug(method, 'failed', error);
        return method === 'on' ? () => undefined : undefined;
      }
    };
  }
  /**
   * After a reload or on another page of the site: the dialog opens again if it was open in this
   * tab, and the app is loaded (closed) if messages are still unacknowledged, so that it resends them.
   */
  const resume = () => {
    if (readStorage(OPEN_STORAGE_KEY, 'sessionStorage')) api.open();
    else if (readStorage(OUTBOX_STORAGE_KEY)) loadApp().catch(debug);
  };
  return { api, resume };
}
