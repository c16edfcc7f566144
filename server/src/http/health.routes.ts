import { Router } from 'express';
import type { Store } from '../store/store';

/** `/healthz` (200 once HTTP and Socket.IO accept connections) and `/readyz` (store reachable). */
export function healthRoutes(store: Store, isListening: () => boolean): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const up = isListening();
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'starting' });
  });
  router.get('/readyz', async (_req, res) => {
    const storeOk = await store.ping().catch(() => false);
    const ready = storeOk && isListening();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', store: storeOk ? 'ok' : 'down' });
  });
  return router;
}
