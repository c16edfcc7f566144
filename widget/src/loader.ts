import { install } from './embed/install';

// Entry of `widget.js`, a classic script: `<script src="https://HOST/widget.js" data-server="https://HOST" async>`.
// `data-server` is optional and defaults to the origin of the script's own URL.
// A host page with a strict Content-Security-Policy gives its nonce on the tag (`nonce="…"`, read
// from the `nonce` property: browsers hide the attribute), in `data-nonce`, or in a
// `<meta property="csp-nonce" nonce="…">` (Vite's convention); the widget then puts it on every
// <style> it injects (README, "Content-Security-Policy").

try {
  const script = document.currentScript as HTMLScriptElement | null;
  const server = script?.dataset.server || (script?.src ? new URL(script.src).origin : location.origin);
  const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  const nonce = script?.nonce || script?.dataset.nonce || meta?.nonce || meta?.getAttribute('nonce') || undefined;
  install({ server: server.replace(/\/+$/, ''), nonce });
} catch {
  // Never throw into the host page.
}
