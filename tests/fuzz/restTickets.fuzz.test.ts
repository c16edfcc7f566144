import { DEPARTMENTS, PRIORITIES, TICKET_STATUSES } from '@besoin/shared';
import { describe, it } from 'vitest';
import { codePoints, intIn, oneOf, single, templates, validBody } from '../support/restFuzzInputs';
import {
  agentAuth, checkRoute, everyone, formatKeys, formatValid, isTicketRef, paramLen, ROUTE_PROPERTY, supervisors, textFormat, type RouteSpec,
} from '../support/restFuzzRoutes';
import { useRestFuzzServer } from '../support/restFuzzServer';

// Property 2 of the fuzz brief (tests/support/restFuzzRoutes.ts) on the agents' desk routes:
// tickets (list, read, update, reply, transcript), emergencies, and the supervision views.

const fx = useRestFuzzServer('REST fuzz: tickets and supervision (runs per property, by status)');

const realTicket = (raw: string) => fx.ticketRefs.includes(raw.toUpperCase());
const ticketParam = { real: () => fx.ticketRefs, valid: isTicketRef, okIf: realTicket };
const patchTicket = () => templates.patchTicket(fx.protectedIds.slice(2, 3));

const ROUTES: RouteSpec[] = [
  {
    name: 'GET /api/tickets', method: 'GET', path: '/api/tickets', access: everyone, auth: agentAuth,
    query: {
      keys: { status: TICKET_STATUSES, priority: PRIORITIES, department: DEPARTMENTS, q: ['panne', '', ' '], limit: ['1', '200', '0', '201', '1e2', ' 5 ', '0x10', '-1', '1.5'], offset: ['0', '-0', '1000000', '1000001', 'x'] },
      valid: (q) => single(q, 'status', oneOf(TICKET_STATUSES)) && single(q, 'priority', oneOf(PRIORITIES)) && single(q, 'department', oneOf(DEPARTMENTS))
        && single(q, 'q', (v) => codePoints(v.trim()) <= 200) && single(q, 'limit', intIn(1, 200)) && single(q, 'offset', intIn(0, 1_000_000)),
    },
  },
  { name: 'GET /api/tickets/:ref', method: 'GET', path: '/api/tickets/:ref', access: everyone, auth: agentAuth, param: ticketParam },
  {
    name: 'PATCH /api/tickets/:ref', method: 'PATCH', path: '/api/tickets/:ref', access: everyone, auth: agentAuth,
    param: ticketParam, body: { template: patchTicket, valid: validBody.patchTicket },
  },
  {
    name: 'POST /api/tickets/:ref/replies', method: 'POST', path: '/api/tickets/:ref/replies', access: everyone, auth: agentAuth,
    param: ticketParam, body: { template: templates.reply, valid: validBody.reply },
  },
  {
    name: 'GET /api/tickets/:ref/transcript', method: 'GET', path: '/api/tickets/:ref/transcript', access: everyone, auth: agentAuth,
    param: ticketParam,
    query: { keys: formatKeys(['txt', 'html', 'json', 'pdf', 'TXT']), valid: formatValid(['txt', 'html', 'json']) }, textual: textFormat,
  },
  { name: 'GET /api/emergencies', method: 'GET', path: '/api/emergencies', access: supervisors, auth: agentAuth },
  {
    name: 'PATCH /api/emergencies/:id', method: 'PATCH', path: '/api/emergencies/:id', access: supervisors, auth: agentAuth,
    param: { real: () => [fx.emergencyId], valid: paramLen, okIf: (raw) => raw === fx.emergencyId }, body: { template: templates.abuse, valid: validBody.abuse },
  },
  { name: 'GET /api/queues', method: 'GET', path: '/api/queues', access: everyone, auth: agentAuth },
  { name: 'GET /api/team', method: 'GET', path: '/api/team', access: everyone, auth: agentAuth },
  {
    name: 'GET /api/chats', method: 'GET', path: '/api/chats', access: supervisors, auth: agentAuth,
    query: { keys: { status: ['active', 'queued', 'ACTIVE', ''] }, valid: (q) => single(q, 'status', (v) => v === 'active') },
  },
];

describe('fuzz: REST ticket and supervision routes', () => {
  for (const route of ROUTES) {
    it(`${route.name}: ${ROUTE_PROPERTY}`, () => checkRoute(fx, route));
  }
});
