import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

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

/** The widget files, the dashboard at /agent and the demo page at /. */
export function staticRoutes(dirs: StaticDirs): Router {
  const router = Router();
  // The loader and the app keep fixed names so that embed snippets never change: revalidate often.
  const widgetOptions = { maxAge: '5m', index: false, fallthrough: true } as const;
  // widget.js (the loader), widget-app.js (first open) and any further lazy chunk widget-*.js.
  router.get(/^\/widget(-[a-z0-9]+)*\.js$/, (req, res, next) => {
    const full = path.join(dirs.widget, path.basename(req.path));
    if (!existsSync(full)) return next();
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Cross-Origin-Resource-Policy', 'cross-origin');
    res.sendFile(full, widgetOptions);
  });
  router.use('/widget-assets', express.static(path.join(dirs.widget, 'assets'), { maxAge: '1y', immutable: true }));

  const dashboardIndex = path.join(dirs.dashboard, 'index.html');
  if (existsSync(dashboardIndex)) {
    router.use('/agent', express.static(dirs.dashboard, { index: false, maxAge: '1h' }));
    router.get(['/agent', '/agent/{*rest}'], (_req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.sendFile(dashboardIndex);
    });
  } else {
    router.use('/agent', missingBuild('The dashboard'));
  }
  router.get(['/', '/index.html'], (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').send(demoPage);
  });
  return router;
}
