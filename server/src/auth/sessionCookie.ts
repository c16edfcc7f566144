import type { CookieOptions, Request, Response } from 'express';

// The dashboard's session cookie (DESIGN §3): the same token as `Authorization: Bearer`, kept
// where page scripts cannot read it (HttpOnly) and never sent by another site (SameSite=Strict).

/** Name of the agent session cookie. */
export const SESSION_COOKIE = 'besoin_session';

function options(req: Request): CookieOptions {
  // `req.secure` follows X-Forwarded-Proto from a trusted (loopback) proxy.
  return { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' };
}

/** Sets the session cookie for `ttlMs` (Max-Age). */
export function setSessionCookie(req: Request, res: Response, token: string, ttlMs: number): void {
  res.cookie(SESSION_COOKIE, token, { ...options(req), maxAge: ttlMs });
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, options(req));
}

/** The value of cookie `name` in a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}
