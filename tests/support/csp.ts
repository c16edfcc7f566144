import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';

// Content-Security-Policy probes for the end-to-end suites: a collector of violations installed
// before any page script runs, a scan for elements that chat text must never create, and a
// tiny host page with a strict CSP that embeds the widget with the nonce snippet.

/** Collects every CSP violation of the context's pages: `securitypolicyviolation` events (shadow roots included) and console reports. */
export async function collectCspViolations(context: BrowserContext): Promise<{ of(page: Page): Promise<string[]> }> {
  // A string, not a function: the test transform may add helpers a browser does not have.
  await context.addInitScript(`
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '?') + ' ' + (e.sample || ''));
    }, true);
  `);
  const consoleReports = new WeakMap<Page, string[]>();
  context.on('console', (message) => {
    if (!/Content Security Policy|Trusted Type/i.test(message.text())) return;
    const page = message.page();
    if (!page) return;
    consoleReports.set(page, [...(consoleReports.get(page) ?? []), `console: ${message.text()}`]);
  });
  return {
    async of(page) {
      const events = (await page.evaluate('window.__cspViolations || []')) as string[];
      return [...events, ...(consoleReports.get(page) ?? [])];
    },
  };
}

/**
 * What text rendered as HTML would have created, in the document and every open shadow root:
 * iframes, objects, embeds, `img[src=x]`, scripts mentioning __xss, any `on*` attribute, any
 * `javascript:` URL in href/src/action/srcdoc-like attributes, links to evil.example (markdown
 * turned into HTML). Empty when nothing was injected.
 */
export async function injectedElements(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const found = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        const tag = el.localName;
        if (tag === 'iframe' || tag === 'object' || tag === 'embed' || tag === 'frame') found.push(tag);
        if (tag === 'img' && el.getAttribute('src') === 'x') found.push('img[src=x]');
        if (tag === 'script' && /__xss|alert/.test(el.textContent || '')) found.push('script: ' + el.textContent);
        if (tag === 'a' && /evil\\.example/.test(el.getAttribute('href') || '')) found.push('a[href=evil.example]');
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name)) found.push(tag + '[' + attr.name + ']');
          if (/^(href|src|action|formaction|xlink:href|data|srcdoc)$/i.test(attr.name) && /javascript:|__xss/i.test(attr.value)) {
            found.push(tag + '[' + attr.name + '=' + attr.value + ']');
          }
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return found;
  })()`)) as string[];
}

/** True if a payload ran: `window.__xss` (or `parent.__xss` from a frame) was set. */
export async function xssRan(page: Page): Promise<boolean> {
  return (await page.evaluate('window.__xss !== undefined')) as boolean;
}

/**
 * The CSP a strict host page sends, per widget/README.md: only the widget's origin and the nonce
 * (`strictDynamic`: scripts allowed by the nonce alone, `'strict-dynamic'`, no host list).
 */
export function strictHostCsp(widgetOrigin: string, nonce: string, strictDynamic = false): string {
  const { host } = new URL(widgetOrigin);
  return [
    "default-src 'none'",
    strictDynamic ? `script-src 'nonce-${nonce}' 'strict-dynamic'` : `script-src ${widgetOrigin} 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `connect-src ${widgetOrigin} ws://${host}`,
    "img-src 'none'",
    "font-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

/**
 * A customer's page on another origin (127.0.0.1, its own port) with a strict CSP and a fresh
 * nonce per response on its own <style> and on the widget's <script> tag (the nonce snippet).
 */
export async function startStrictHost(widgetOrigin: string, options: { strictDynamic?: boolean } = {}): Promise<{ url: string; close(): Promise<void> }> {
  let counter = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const nonce = Buffer.from(`host-nonce-${++counter}-${Math.random()}`).toString('base64');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': strictHostCsp(widgetOrigin, nonce, options.strictDynamic) });
    res.end(`<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Boutique au CSP strict</title>
  <style nonce="${nonce}">body { font-family: sans-serif; margin: 2rem; }</style>
</head>
<body>
  <h1>Boutique au CSP strict</h1>
  <p>Cette page n'autorise que les scripts et styles portant son nonce, et le serveur du widget.</p>
  <script nonce="${nonce}" src="${widgetOrigin}/widget.js" async></script>
</body>
</html>`);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
