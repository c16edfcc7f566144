import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oddString } from '../support/fuzzArbitraries';
import { describe as show, http, httpErrorProblem } from '../support/fuzzHarness';
import { authArb, templates, wellFormed } from '../support/restFuzzInputs';
import { agentAuth, checkRoute, ROUTE_PROPERTY, type RouteSpec } from '../support/restFuzzRoutes';
import { fcOptions, fingerprint, stillServing, useRestFuzzServer } from '../support/restFuzzServer';

// Property 2 of the fuzz brief on the REST surface as a whole: wrong methods on real paths, unknown
// paths, raw query strings, and the findings of this fuzzing (kept as regressions). The routes
// themselves are fuzzed in restAgents, restTickets and restVisitor.fuzz.test.ts
// (tests/support/restFuzzRoutes.ts): a response is a 2xx for valid input from an allowed caller,
// otherwise the JSON `{ error: { code, message } }` with a 4xx status, never a 5xx; a refused
// request changes nothing in the store; the server keeps serving.

const fx = useRestFuzzServer('REST fuzz (runs per property, by status)');

// Wrong methods on real paths: never a 2xx.
const WRONG_METHODS: RouteSpec[] = [
  { name: 'PUT /api/tickets', method: 'PUT', path: '/api/tickets', access: [], auth: agentAuth, body: { template: () => templates.patchTicket(fx.protectedIds.slice(2, 3)), valid: () => false } },
  { name: 'DELETE /api/tickets/:ref', method: 'DELETE', path: '/api/tickets/:ref', access: [], auth: agentAuth, param: { real: () => fx.ticketRefs, valid: () => false } },
  { name: 'POST /api/public/departments', method: 'POST', path: '/api/public/departments', access: [], auth: agentAuth, body: { template: templates.reply, valid: () => false } },
  { name: 'DELETE /api/visitor/tickets', method: 'DELETE', path: '/api/visitor/tickets', access: [], auth: () => authArb(['visitor']) },
];

describe('fuzz: REST routes', () => {
  for (const route of WRONG_METHODS) {
    it(`${route.name}: ${ROUTE_PROPERTY}`, () => checkRoute(fx, route));
  }

  it('random paths and methods under /api answer a JSON 404 (never a 5xx, never HTML)', async () => {
    const segment = fc.oneof(oddString, fc.constantFrom('admin', 'debug', '.env', 'config', '..%2F..%2Fetc', '%2e%2e', 'tickets', 'agents'))
      .map((s) => wellFormed(s)).filter((s) => s !== '.' && s !== '..').map((s) => encodeURIComponent(s));
    const arb = fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), segments: fc.array(segment, { minLength: 1, maxLength: 4 }) });
    await fc.assert(
      fc.asyncProperty(arb, async ({ method, segments }) => {
        const path = `/api/zz-${segments.join('/')}`;
        const before = await fingerprint(fx);
        const res = await http(`${fx.server.url}${path}`, { method, headers: { authorization: `Bearer ${fx.tokens.admin}` } });
        fx.counter.count('unknown /api paths', String(res.status));
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(httpErrorProblem(res), `${method} ${path}`).toBeNull();
        expect(await fingerprint(fx)).toBe(before);
      }),
      fcOptions,
    );
    await stillServing(fx);
  });

  it('raw query strings with stray % and odd separators never give a 5xx', async () => {
    const raw = fc.oneof(
      fc.constantFrom('%', '%%', '%ZZ', 'q=%E0%A4%A', 'q=%', 'status=%FF', '&&&', '=&=', 'limit=1&limit=2', 'q[]=a&q[]=b', 'a=1;b=2', '%00=%00', 'q=%uD800'),
      fc.string({ unit: fc.constantFrom('%', '&', '=', 'a', '1', '[', ']', '+', 'E', '0', '\u00e9'), maxLength: 30 }),
    );
    const path = fc.constantFrom('/api/tickets', '/api/chats', `/api/tickets/REF/transcript`, '/api/public/departments', '/api/visitor/tickets');
    await fc.assert(
      fc.asyncProperty(raw, path, async (query, p) => {
        const res = await http(`${fx.server.url}${p.replace('REF', fx.ticketRefs[0]!)}?${query}`, { headers: { authorization: `Bearer ${fx.tokens.admin}` } });
        fx.counter.count('raw query strings', String(res.status));
        expect(res.status, `${p}?${query}`).toBeLessThan(500);
        if (res.status >= 400) expect(httpErrorProblem(res)).toBeNull();
      }),
      fcOptions,
    );
    await stillServing(fx);
  });
});

// ---- findings: bugs this fuzzing found, fixed in errorHandler (kept as regressions) ---------------------

describe('fuzz: REST findings (fixed)', () => {
  // Found: a path parameter with a malformed percent-encoding (e.g. GET /api/tickets/%E0%A4%A) made
  // Express throw a URIError (status 400) while decoding the param, which errorHandler() reported
  // as 500 internal. Client errors with a 4xx status now answer 400 invalid_payload.
  it('a malformed %-encoding in a path parameter answers a 4xx', async () => {
    const bad = fc.constantFrom('%', '%E0%A4%A', '%ZZ', 'abc%', '%C0%AF', '%uD800', 'TCK-2026-%G0');
    const target = fc.constantFrom(
      ['GET', '/api/tickets/X'], ['PATCH', '/api/tickets/X'], ['GET', '/api/tickets/X/transcript'], ['POST', '/api/tickets/X/replies'],
      ['PATCH', '/api/agents/X'], ['DELETE', '/api/agents/X'], ['PATCH', '/api/emergencies/X'], ['GET', '/api/visitor/chats/X/transcript'],
    );
    await fc.assert(
      fc.asyncProperty(bad, target, async (segment, [method, path]) => {
        const res = await http(`${fx.server.url}${path!.replace('X', segment)}`, { method, headers: { authorization: `Bearer ${fx.tokens.admin}` } });
        fx.counter.count('malformed %-encoding in path params', String(res.status));
        expect(res.status, `${method} ${path} with ${segment}`).toBeLessThan(500);
      }),
      { ...fcOptions, numRuns: 20 },
    );
  });

  // Found: a body with `Content-Encoding: gzip` (or deflate) that is not valid compressed data made
  // body-parser fail with a zlib error (status 400, no `type`), reported as 500 internal; now 400.
  it('a corrupt compressed body answers a 4xx', async () => {
    const arb = fc.record({
      encoding: fc.constantFrom('gzip', 'deflate'),
      body: fc.oneof(fc.string({ minLength: 1, maxLength: 50 }), fc.constant(gzipSync('{"a":1}').subarray(0, 10).toString('latin1'))),
      route: fc.constantFrom('/api/auth/login', '/api/agents', `/api/tickets/TCK-2026-000001/replies`),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ encoding, body, route }) => {
        const res = await http(`${fx.server.url}${route}`, {
          method: 'POST', body: Buffer.from(body, 'latin1'),
          headers: { 'content-type': 'application/json', 'content-encoding': encoding, authorization: `Bearer ${fx.tokens.admin}` },
        });
        fx.counter.count('corrupt compressed bodies', String(res.status));
        expect(res.status, `${encoding} ${route} ${show(body)}`).toBeLessThan(500);
      }),
      { ...fcOptions, numRuns: 20 },
    );
  });

  it('the server still serves after the failing inputs above', async () => {
    await stillServing(fx);
    const res = await http(`${fx.server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ login: 'fuzz-agent', password: 'agent-password-1' })),
    });
    expect(res.status).toBe(200);
  });
});
