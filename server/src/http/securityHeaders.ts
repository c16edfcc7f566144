import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

// Security headers of the pages the server renders itself: the agent dashboard (/agent) and the
// demo host page (/). The widget files (/widget*.js) are not pages and get none of this (they are
// loaded cross-origin by other sites: see static.routes.ts). docs/SECURITY.md explains each header.
//
// Everything is helmet's defaults except what is listed here:
// - Content-Security-Policy is written out in full (useDefaults: false), per page.
// - X-Frame-Options: DENY, to match `frame-ancestors 'none'` for browsers without CSP 2.
// - Strict-Transport-Security (helmet's default value, `max-age=31536000; includeSubDomains`) and
//   `upgrade-insecure-requests` are sent only when the request came over HTTPS (`req.secure`, which
//   follows X-Forwarded-Proto from the loopback proxy app.ts trusts). Helmet alone would send HSTS
//   on plain HTTP too, where browsers ignore it; upgrade-insecure-requests on a plain-HTTP
//   deployment (development, tests on 127.0.0.1) would break every subresource.
// Helmet's other defaults stay: X-Content-Type-Options nosniff, Referrer-Policy no-referrer,
// Cross-Origin-Opener-Policy same-origin, Cross-Origin-Resource-Policy same-origin,
// Origin-Agent-Cluster ?1, X-DNS-Prefetch-Control off, X-Download-Options noopen,
// X-Permitted-Cross-Domain-Policies none, X-XSS-Protection 0, no X-Powered-By.

/** The request's Host, if it is a plain host[:port] (anything else must not reach a header). */
function safeHost(req: IncomingMessage): string | undefined {
  const host = req.headers.host ?? '';
  return /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(host) ? host : undefined;
}

/**
 * `ws://host` / `wss://host` of this server: Socket.IO's websocket. CSP 3 lets `'self'` match
 * them, but older browsers do not, so they are named (from the Host header, validated above).
 */
const websocketOf =
  (scheme: 'ws' | 'wss') =>
  (req: IncomingMessage): string => {
    const host = safeHost(req);
    return host ? `${scheme}://${host}` : "'self'";
  };

/** The per-response nonce that `withNonce()` stored in `res.locals`. */
export function cspNonce(res: Response): string {
  return (res.locals as { cspNonce?: string }).cspNonce ?? '';
}

/** Gives the response a fresh CSP nonce (128 random bits, base64), read with {@link cspNonce}. */
export const withNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
};

const nonceSource = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${cspNonce(res as Response)}'`;

type Directives = Record<string, Array<string | ((req: IncomingMessage, res: ServerResponse) => string)>>;

/** Directives common to both pages. */
const base: Directives = {
  'default-src': ["'self'"],
  'connect-src': ["'self'", websocketOf('ws'), websocketOf('wss')],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'script-src-attr': ["'none'"],
};

/**
 * The dashboard: a Vite build with no inline script (one module script and one stylesheet, both
 * under /agent/assets) and no `style` attribute anywhere (Preact never sets one; styles are classes),
 * so `'self'` is enough for scripts and styles.
 */
export const DASHBOARD_DIRECTIVES: Directives = {
  ...base,
  'script-src': ["'self'"],
  'style-src': ["'self'"],
};

/**
 * The demo page: its inline `<style>` carries the per-response nonce, and the page gives it to the
 * widget (`<meta property="csp-nonce">`), which puts it on the styles it injects into its shadow
 * root (CSP applies there too). The widget's scripts come from this server ('self'); the nonce
 * in script-src is for an inline script the page may add.
 */
export const DEMO_DIRECTIVES: Directives = {
  ...base,
  'script-src': ["'self'", nonceSource],
  'style-src': ["'self'", nonceSource],
};

function headersFor(directives: Directives): RequestHandler {
  const make = (https: boolean) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: https ? { ...directives, 'upgrade-insecure-requests': [] } : directives,
      },
      xFrameOptions: { action: 'deny' },
      strictTransportSecurity: https, // helmet's default max-age and includeSubDomains
    }) as RequestHandler;
  const overHttps = make(true);
  const overHttp = make(false);
  return (req: Request, res, next) => (req.secure ? overHttps : overHttp)(req, res, next);
}

/** Helmet's headers and the dashboard's CSP, for everything under /agent. */
export const dashboardHeaders: RequestHandler = headersFor(DASHBOARD_DIRECTIVES);

/** Helmet's headers and the demo page's CSP; run {@link withNonce} first. */
export const demoHeaders: RequestHandler = headersFor(DEMO_DIRECTIVES);

/**
 * Headers of the widget's scripts, which any site may load (classic script and cross-origin
 * module scripts): CORS open, Cross-Origin-Resource-Policy cross-origin, nosniff (they are always
 * served as text/javascript). No CSP or framing headers: they are not documents.
 */
export const widgetFileHeaders: RequestHandler = (_req, res, next) => {
  res.set('Access-Control-Allow-Origin', '*');
  res.set('Cross-Origin-Resource-Policy', 'cross-origin');
  res.set('X-Content-Type-Options', 'nosniff');
  next();
};

/**
 * The demo page's HTML with `nonce` on its inline `<style>` and in a `<meta property="csp-nonce">`,
 * where the widget finds it (the page's embed tag stays the plain documented snippet; a customer's
 * page may instead put `nonce="…"` on the widget's `<script>` tag: widget/README.md).
 */
export function addNonce(html: string, nonce: string): string {
  return html
    .replace('<meta charset="utf-8">', `<meta charset="utf-8">\n  <meta property="csp-nonce" nonce="${nonce}">`)
    .replace(/<style>/g, `<style nonce="${nonce}">`);
}
