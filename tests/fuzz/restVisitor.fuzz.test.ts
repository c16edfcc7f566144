import { describe, it } from 'vitest';
import { authArb } from '../support/restFuzzInputs';
import { checkRoute, formatKeys, formatValid, paramLen, ROUTE_PROPERTY, type RouteSpec } from '../support/restFuzzRoutes';
import { useRestFuzzServer } from '../support/restFuzzServer';

// Property 2 of the fuzz brief (tests/support/restFuzzRoutes.ts) on the routes the widget calls:
// the public ones and those of a visitor token (their own tickets and chat transcripts only).

const fx = useRestFuzzServer('REST fuzz: public and visitor routes (runs per property, by status)');

const visitorAuth = () => authArb(['visitor', 'otherVisitor', 'admin']);

const ROUTES: RouteSpec[] = [
  { name: 'GET /api/public/departments', method: 'GET', path: '/api/public/departments', access: 'public', auth: () => authArb(['visitor']), query: { keys: { locale: ['fr', 'ar'] }, valid: () => true } },
  { name: 'GET /api/public/config', method: 'GET', path: '/api/public/config', access: 'public', auth: () => authArb(['visitor']), query: { keys: {}, valid: () => true } },
  { name: 'GET /api/visitor/tickets', method: 'GET', path: '/api/visitor/tickets', access: 'visitor', auth: visitorAuth },
  {
    name: 'GET /api/visitor/chats/:chatId/transcript', method: 'GET', path: '/api/visitor/chats/:chatId/transcript', access: 'visitor',
    auth: visitorAuth,
    param: {
      real: () => [fx.chatIds.own, fx.chatIds.other], valid: paramLen,
      okIf: (raw, auth) => (auth.name === 'visitor' && raw === fx.chatIds.own) || (auth.name === 'otherVisitor' && raw === fx.chatIds.other),
    },
    query: { keys: formatKeys(['txt', 'html', 'json', 'pdf']), valid: formatValid(['txt', 'html']) }, textual: () => true,
  },
];

describe('fuzz: REST public and visitor routes', () => {
  for (const route of ROUTES) {
    it(`${route.name}: ${ROUTE_PROPERTY}`, () => checkRoute(fx, route));
  }
});
