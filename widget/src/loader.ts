import { install } from './embed/install';

// Entry of `widget.js`, a classic script: `<script src="https://HOST/widget.js" data-server="https://HOST" async>`.
// `data-server` is optional and defaults to the origin of the script's own URL.

try {
  const script = document.currentScript as HTMLScriptElement | null;
  const server = script?.dataset.server || (script?.src ? new URL(script.src).origin : location.origin);
  install({ server: server.replace(/\/+$/, '') });
} catch {
  // Never throw into the host page.
}
