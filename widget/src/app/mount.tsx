import { render } from 'preact';
import css from './app.css?inline';
import { setLocale, toLocale } from '../i18n';
import type { AppHandle, Identity, MountOptions } from '../types';
import { setCspNonce } from './cspNonce';
import { Panel } from './Panel';
import { createSession } from './session';

// Entry of `widget-app.js`, loaded by the loader on first open: `mount(shadowRoot, options)`.

/** Renders the dialog into the loader's shadow root and connects to the server. */
export function mount(root: ShadowRoot, options: MountOptions): AppHandle {
  const doc = root.ownerDocument;
  setCspNonce(options.nonce);
  const style = doc.createElement('style');
  if (options.nonce) style.setAttribute('nonce', options.nonce); // a host CSP checks it on insertion (shadow roots included)
  style.textContent = css;
  const container = doc.createElement('div');
  container.className = 'bd-app';
  root.append(style, container);

  let open = false;
  let identity: Identity = { ...options.identity };
  let locale = toLocale(options.locale) ?? 'fr';
  setLocale(locale);
  const session = createSession({ server: options.server, emit: options.emit, locale: () => locale });

  const update = () => render(<Panel session={session} open={open} identity={identity} onClose={options.requestClose} />, container);
  update();

  return {
    setOpen(next) {
      open = next;
      update();
    },
    identify(next) {
      identity = { ...next };
      update();
    },
    setLocale(next) {
      locale = toLocale(next) ?? locale;
      setLocale(locale);
      update();
    },
    unmount() {
      render(null, container);
      session.close();
      container.remove();
      style.remove();
    },
  };
}

