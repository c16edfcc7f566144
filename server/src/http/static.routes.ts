import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { Router } from 'express';
import { addNonce, cspNonce, dashboardHeaders, demoHeaders, widgetFileHeaders, withNonce } from './securityHeaders';

export interface StaticDirs {
  /** widget/dist: widget.js (loader) and widget-app.js (lazy chunk). */
  widget: string;
  /** dashboard/dist: the agent SPA. */
  dashboard: string;
}

const demoPage = readFileSync(new URL('./demo/index.html', import.meta.url), 'utf8');

function missingBuild(what: string): Router {
  const router = Router();
  router.use((_req, res) => {
    res.status(503).type('text/plain').send(`${what} is not built yet: run "pnpm build".`);
  });
  return router;
}

/**
 * The widget files, the dashboard at /agent and the demo page at /. Security headers and each
 * page's Content-Security-Policy are set here, per route (securityHeaders.ts): this router is
 * mounted after the API routes, which keep their own headers.
 */
export function staticRoutes(dirs: StaticDirs): Router {
  const router = Router();
  // gzip the widget, the dashboard and the demo page (the loader: 4.7 KB raw → 2.2 KB on the
  // wire). The API's small JSON answers and the Socket.IO transport are left as they are.
  router.use(compression({ threshold: 1024 }));
  // The loader and the app keep fixed names so that embed snippets never change: revalidate often.
  const widgetOptions = { maxAge: '5m', index: false, fallthrough: true } as const;
  // widget.js (the loader), widget-app.js (first open) and any further lazy chunk widget-*.js.
  router.get(/^\/widget(-[a-z0-9]+)*\.js$/, (req, res, next) => {
    const full = path.join(dirs.widget, path.basename(req.path));
    if (!existsSync(full)) return next();
    widgetFileHeaders(req, res, () => res.sendFile(full, widgetOptions));
  });
  router.use('/widget-assets', widgetFileHeaders, express.static(path.join(dirs.widget, 'assets'), { maxAge: '1y', immutable: true }));

  const dashboardIndex = path.join(dirs.dashboard, 'index.html');
  router.use('/agent', dashboardHeaders);
  if (existsSync(dashboardIndex)) {
    router.use('/agent', express.static(dirs.dashboard, { index: false, maxAge: '1h' }));
    router.get(['/agent', '/agent/{*rest}'], (_req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.sendFile(dashboardIndex);
    });
  } else {
    router.use('/agent', missingBuild('The dashboard'));
  }
  // A fresh nonce per response, in the CSP header and on the page's <style> and widget <script>.
  router.get(['/', '/index.html'], withNonce, demoHeaders, (_req, res) => {
    res.type('html').set('Cache-Control', 'no-store').send(addNonce(demoPage, cspNonce(res)));
  });
  return router;
}
