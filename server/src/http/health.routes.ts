import { Router } from 'express';
import type { Store } from '../store/store';

/**
 * `/healthz` (200 once HTTP and Socket.IO accept connections) and `/readyz` (store reachable,
 * and in a cluster Redis reachable for commands and pub/sub).
 */
export function healthRoutes(store: Store, isListening: () => boolean, redisReady: (() => Promise<boolean>) | null = null): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const up = isListening();
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'starting' });
  });
  router.get('/readyz', async (_req, res) => {
    const [storeOk, redisOk] = await Promise.all([
      store.ping().catch(() => false),
      redisReady ? redisReady().catch(() => false) : Promise.resolve(null),
    ]);
    const ready = storeOk && redisOk !== false && isListening();
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      store: storeOk ? 'ok' : 'down',
      ...(redisOk === null ? {} : { redis: redisOk ? 'ok' : 'down' }),
    });
  });
  return router;
}
