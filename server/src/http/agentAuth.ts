import { errors, type Role } from '@besoin/shared';
import type { NextFunction, Request, Response } from 'express';
import { ROUTE_ROLES, type AgentRoute } from '../auth/permissions';
import type { AgentService } from '../domain/agents';
import type { AgentRecord } from '../store/store';

/** The bearer token of a request, if any. */
export function bearerToken(req: Request): string | null {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
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
    const token = bearerToken(req);
    const agent = token ? await agents.authenticate(token) : null;
    if (!agent) throw errors.unauthorized();
    if (!roles.includes(agent.role)) throw errors.forbidden();
    res.locals.agent = agent;
    next();
  };
}
