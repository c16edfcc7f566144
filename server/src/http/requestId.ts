import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

// Every request gets an id, returned in `X-Request-Id` and written on its log lines, so that a
// report from a user ("it failed at 10:02, id …") leads to the log. An id set by the reverse
// proxy is kept when it looks like one (letters, digits, -_.: up to 64), else replaced.

const SAFE_ID = /^[\w.:-]{1,64}$/;

/** Sets `res.locals.requestId` and the `X-Request-Id` response header. */
export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && SAFE_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.set('X-Request-Id', id);
    next();
  };
}
