import { isOpenAt, nextOpeningAt, type Policy, type PublicDepartment } from '@besoin/shared';
import { Router } from 'express';
import type { Clock } from '../domain/clock';

/** `GET /api/public/departments`: each department's hours, open now or not, next opening (no auth, any origin). */
export function publicRoutes(policy: Policy, clock: Clock): Router {
  const router = Router();
  router.get('/departments', (_req, res) => {
    const at = clock.now();
    const body: PublicDepartment[] = policy.departments.map((d) => {
      const open = isOpenAt(policy, d.id, at);
      return { id: d.id, label: d.label, open, nextOpeningAt: open ? null : nextOpeningAt(policy, d.id, at), hours: d.hours };
    });
    res.set('Access-Control-Allow-Origin', '*').set('Cache-Control', 'no-store').json(body);
  });
  return router;
}
