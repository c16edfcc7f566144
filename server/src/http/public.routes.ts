import { isOpenAt, nextOpeningAt, type Policy, type PublicDepartment } from '@besoin/shared';
import { Router } from 'express';
import type { Clock } from '../domain/clock';

/** Public settings the widget shows: the phone line (rule 6) and the customer area (rule 8). */
export interface PublicConfig {
  phone: string;
  customerAreaUrl: string;
}

/** `GET /api/public/departments` (hours, open now, next opening) and `GET /api/public/config` (no auth, any origin). */
export function publicRoutes(policy: Policy, clock: Clock, config: PublicConfig): Router {
  const router = Router();
  router.get('/config', (_req, res) => {
    const hours = Math.round((policy.departments.find((d) => d.id === 'technical')?.firstResponseMinutes ?? 240) / 60);
    res.set('Access-Control-Allow-Origin', '*').set('Cache-Control', 'public, max-age=300')
      .json({ phone: config.phone, customerAreaUrl: config.customerAreaUrl, firstResponseHours: hours });
  });
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
