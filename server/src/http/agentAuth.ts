import { errors, type Role } from '@besoin/shared';
import type { NextFunction, Request, Response } from 'express';
import { ROUTE_ROLES, type AgentRoute } from '../auth/permissions';
import { SESSION_COOKIE } from '../auth/sessionCookie';
import type { AgentService } from '../domain/agents';
import type { AgentRecord } from '../store/store';

/** The bearer token of a request, if any. */
export function bearerToken(req: Request): string | null {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A request's own origin as the browser sees it (`req.protocol` and `req.host` follow a trusted proxy). */
function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.host}`;
}

/**
 * The session token of a request: `Authorization: Bearer`, else the session cookie. A cookie
 * is sent by every page of the same *site*; a state-changing request carrying one is accepted
 * only from this origin (browsers send `Origin` on every POST, PATCH and DELETE).
 */
export function sessionToken(req: Request): string | null {
  const bearer = bearerToken(req);
  if (bearer) return bearer;
  const cookie = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  if (typeof cookie !== 'string' || cookie === '') return null;
  const origin = req.get('origin');
  if (!SAFE_METHODS.has(req.method) && origin !== undefined && origin !== ownOrigin(req)) return null;
  return cookie;
}

/** The agent a request authenticated as (set by {@link requireRole}). */
export function currentAgent(res: Response): AgentRecord {
  return res.locals.agent as AgentRecord;
}

/** Requires a valid agent session whose role the permission table allows on `route`. */
export function allow(agents: AgentService, route: AgentRoute) {
  return requireRole(agents, ROUTE_ROLES[route]);
}

/** Requires a valid agent session whose role is one of `roles`. */
export function requireRole(agents: AgentService, roles: readonly Role[]) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = sessionToken(req);
    const agent = token ? await agents.authenticate(token) : null;
    if (!agent) throw errors.unauthorized();
    if (!roles.includes(agent.role)) throw errors.forbidden();
    res.locals.agent = agent;
    next();
  };
}
