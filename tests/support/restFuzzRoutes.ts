import { ROLES, type Role } from '@besoin/shared';
import fc from 'fast-check';
import { expect } from 'vitest';
import { describe as show, http, httpErrorProblem, pollutionProblem, type HttpResult } from './fuzzHarness';
import {
  authArb, authHeader, bodyArb, bodyInit, codePoints, parsedBody, parsedQuery, queryArb, ROLE_OF, segmentArb, single,
  type Auth, type Body, type Obj, type Segment,
} from './restFuzzInputs';
import { fcOptions, fingerprint, stillServing, type RestFuzz } from './restFuzzServer';

// Property 2 of the fuzz brief, for one route: fuzzed bodies, query strings, path params, auth
// headers, invalid JSON and wrong content types. A response is either a 2xx for valid input (and
// a caller allowed to make it) or the JSON `{ error: { code, message } }` with a 4xx status
// matching its code, never a 5xx; a refused request changes nothing in the store; the server
// keeps serving. The route tables are in tests/fuzz/rest*.fuzz.test.ts.

/** A route and what it accepts. */
export interface RouteSpec {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  /** Express path with at most one `:param`. */
  path: string;
  param?: { real: () => string[]; valid: (raw: string) => boolean; okIf?: (raw: string, auth: Auth) => boolean };
  /** Roles allowed (agent routes), 'public', 'visitor' (visitor token) or 'logout'. */
  access: readonly Role[] | 'public' | 'visitor' | 'logout';
  auth: () => fc.Arbitrary<Auth>;
  query?: { keys: Record<string, readonly string[]>; valid: (q: Map<string, string[]>) => boolean };
  body?: { template: () => fc.Arbitrary<Obj>; valid: (b: unknown) => boolean };
  /** When a 2xx answer is text rather than JSON. */
  textual?: (q: Map<string, string[]>) => boolean;
}

/** Every agent role. */
export const everyone = ROLES;
/** Supervisors and admins. */
export const supervisors: readonly Role[] = ['supervisor', 'admin'];
/** Admins only. */
export const admins: readonly Role[] = ['admin'];
/** Mostly an admin, sometimes another agent, a visitor or a bad header. */
export const agentAuth = () => authArb(['admin', 'supervisor', 'agent', 'visitor']);
/** As {@link agentAuth}, with more admins (their routes change things). */
export const adminAuth = () => authArb(['admin', 'supervisor', 'agent', 'visitor'], 8);
/** An id of 1 to 128 code points. */
export const paramLen = (raw: string) => codePoints(raw) >= 1 && codePoints(raw) <= 128;
/** The shape of a ticket reference. */
export const isTicketRef = (raw: string) => /^[A-Za-z]{3}-\d{4}-\d{6,}$/.test(raw);
/** The `format` query key with these values. */
export const formatKeys = (formats: readonly string[]) => ({ format: formats });
/** `format` is absent or one of `formats`. */
export const formatValid = (formats: readonly string[]) => (q: Map<string, string[]>) => single(q, 'format', (v) => formats.includes(v));
/** A transcript in any format but JSON is text. */
export const textFormat = (q: Map<string, string[]>) => (q.get('format')?.[0] ?? 'txt') !== 'json';

interface Sample { segment?: Segment; query: [string, string][]; body?: Body; auth: Auth }

function sampleArb(route: RouteSpec): fc.Arbitrary<Sample> {
  return fc.record({
    segment: route.param ? segmentArb(route.param.real()) : fc.constant(undefined),
    query: route.query ? queryArb(route.query.keys) : fc.oneof({ weight: 3, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: queryArb({}) }),
    body: route.body ? bodyArb(route.body.template()) : fc.constant(undefined),
    auth: route.auth(),
  });
}

function authAllowed(route: RouteSpec, auth: Auth): boolean {
  if (route.access === 'public') return true;
  if (route.access === 'logout') return true;
  if (route.access === 'visitor') return auth.name === 'visitor' || auth.name === 'otherVisitor';
  const role = ROLE_OF[auth.name];
  return auth.header === 'T' && role !== undefined && route.access.includes(role);
}

async function send(fx: RestFuzz, route: RouteSpec, s: Sample): Promise<{ res: HttpResult; url: string }> {
  const path = route.path.replace(/:[a-zA-Z]+/, s.segment?.encoded ?? '');
  const { qs } = parsedQuery(s.query);
  const url = `${fx.server.url}${path}${qs ? `?${qs}` : ''}`;
  const init = s.body ? bodyInit(s.body) : { headers: {} };
  const res = await http(url, { method: route.method, headers: { ...init.headers, ...authHeader(s.auth, fx.tokens) }, ...(init.body !== undefined ? { body: init.body } : {}) });
  return { res, url };
}

/** What {@link checkRoute} asserts, as a test name suffix. */
export const ROUTE_PROPERTY = '2xx only for valid input from an allowed caller, otherwise a JSON 4xx; nothing stored';

/** Runs the property on `route` against the file's server, then checks that it still serves. */
export async function checkRoute(fx: RestFuzz, route: RouteSpec): Promise<void> {
  await fc.assert(
    fc.asyncProperty(sampleArb(route), async (s) => {
      const { map } = parsedQuery(s.query);
      const paramOk = !route.param || route.param.valid(s.segment!.raw);
      const queryOk = !route.query || route.query.valid(map);
      const bodyOk = !route.body || route.body.valid(parsedBody(s.body!));
      const validInput = paramOk && queryOk && bodyOk;
      const before = await fingerprint(fx);
      const { res, url } = await send(fx, route, s);
      const where = `${route.method} ${url.slice(0, 300)} auth=${s.auth.name} body=${show(s.body)} → ${res.status} ${res.text.slice(0, 300)}`;
      fx.counter.count(route.name, `${validInput ? 'valid' : 'invalid'}→${res.status}`);
      expect(res.status, where).toBeLessThan(500);
      if (res.status >= 200 && res.status < 300) {
        expect(validInput, `${where}: 2xx for invalid input`).toBe(true);
        expect(authAllowed(route, s.auth), `${where}: 2xx for a caller not allowed`).toBe(true);
        if (route.param?.okIf) expect(route.param.okIf(s.segment!.raw, s.auth), `${where}: 2xx for a resource that is not there / not theirs`).toBe(true);
        if (res.status !== 204 && !route.textual?.(map)) expect(res.json, `${where}: 2xx without a JSON body`).toBeTypeOf('object');
      } else {
        expect(httpErrorProblem(res), where).toBeNull();
        expect(await fingerprint(fx), `${where}: a refused request changed the store`).toBe(before);
      }
      expect(pollutionProblem(), where).toBeNull();
    }),
    fcOptions,
  );
  await stillServing(fx);
}
