import fc from 'fast-check';
import { describe, it } from 'vitest';
import { authArb, templates, validBody, type Auth } from '../support/restFuzzInputs';
import { adminAuth, admins, agentAuth, checkRoute, paramLen, ROUTE_PROPERTY, supervisors, type RouteSpec } from '../support/restFuzzRoutes';
import { useRestFuzzServer } from '../support/restFuzzServer';

// Property 2 of the fuzz brief (tests/support/restFuzzRoutes.ts) on the auth and agent-account
// routes: login, logout, and the admins' CRUD of agents (on throwaway "victim" accounts).

const fx = useRestFuzzServer('REST fuzz: auth and agents (runs per property, by status)');

const ROUTES: RouteSpec[] = [
  { name: 'POST /api/auth/login', method: 'POST', path: '/api/auth/login', access: 'public', auth: () => fc.constant<Auth>({ name: 'none' }), body: { template: templates.login, valid: validBody.login } },
  { name: 'POST /api/auth/logout', method: 'POST', path: '/api/auth/logout', access: 'logout', auth: () => authArb(['throwaway', 'visitor']), body: { template: templates.reply, valid: validBody.any } },
  { name: 'GET /api/agents', method: 'GET', path: '/api/agents', access: supervisors, auth: agentAuth, query: { keys: { page: ['1'] }, valid: () => true } },
  { name: 'POST /api/agents', method: 'POST', path: '/api/agents', access: admins, auth: adminAuth, body: { template: templates.createAgent, valid: validBody.createAgent } },
  {
    name: 'PATCH /api/agents/:id', method: 'PATCH', path: '/api/agents/:id', access: admins, auth: adminAuth,
    param: { real: () => fx.victimIds, valid: paramLen, okIf: (raw) => fx.victimIds.includes(raw) }, body: { template: templates.patchAgent, valid: validBody.patchAgent },
  },
  {
    name: 'DELETE /api/agents/:id', method: 'DELETE', path: '/api/agents/:id', access: admins, auth: adminAuth,
    param: { real: () => fx.victimIds, valid: paramLen, okIf: (raw) => fx.victimIds.includes(raw) },
  },
];

describe('fuzz: REST auth and agent routes', () => {
  for (const route of ROUTES) {
    it(`${route.name}: ${ROUTE_PROPERTY}`, () => checkRoute(fx, route));
  }
});
