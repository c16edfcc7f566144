import type { AgentCommandName, Role } from '@besoin/shared';

// Who may do what: one table for every agent socket event and every agent REST route. The
// handlers and routes read their roles from here, and a test walks the whole table.

const everyone = ['agent', 'supervisor', 'admin'] as const satisfies readonly Role[];
const supervisors = ['supervisor', 'admin'] as const satisfies readonly Role[];
const admins = ['admin'] as const satisfies readonly Role[];

/** Roles allowed to send each `/agent` command. */
export const AGENT_EVENT_ROLES: Record<AgentCommandName, readonly Role[]> = {
  'agent:status': everyone,
  'message:send': everyone,
  'chat:sync': everyone,
  'typing:set': everyone,
  'chat:read': everyone,
  'chat:pick': everyone,
  'chat:transfer': everyone,
  'chat:close': everyone,
  'chat:convert': everyone,
  'chat:join': supervisors,
};

/** Roles allowed on each agent REST route (method and Express path). */
export const ROUTE_ROLES = {
  'GET /api/auth/session': everyone,
  'POST /api/auth/logout-all': everyone,
  'GET /api/agents': supervisors,
  'POST /api/agents': admins,
  'PATCH /api/agents/:id': admins,
  'DELETE /api/agents/:id': admins,
  'GET /api/team': everyone,
  'GET /api/queues': everyone,
  'GET /api/chats': supervisors,
  'GET /api/tickets': everyone,
  'GET /api/tickets/:ref': everyone,
  'PATCH /api/tickets/:ref': everyone,
  'POST /api/tickets/:ref/replies': everyone,
  'GET /api/tickets/:ref/transcript': everyone,
  'GET /api/emergencies': supervisors,
  'PATCH /api/emergencies/:id': supervisors,
} as const satisfies Record<string, readonly Role[]>;

export type AgentRoute = keyof typeof ROUTE_ROLES;
