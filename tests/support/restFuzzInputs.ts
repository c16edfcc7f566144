import { DEPARTMENTS, PRIORITIES, ROLES, TICKET_STATUSES, type Role } from '@besoin/shared';
import fc from 'fast-check';
import { badValue, hugeString, idFrom, mutatedPayload, oddString } from './fuzzArbitraries';
import type { TokenName } from './restFuzzServer';

// The pieces of a fuzzed REST request (auth header, path segment, query string, body) with what
// the server should make of them, and the validity rules and templates of the routes' bodies
// (DESIGN §3, docs/DECISIONS.md).

/** Who a request claims to be: a caller with a token (`header: 'T'`), none, or a bad header. */
export type AuthName = TokenName | 'none' | 'garbage' | 'malformed';
/** The auth of a request: `header` 'T' stands for the caller's real token. */
export interface Auth { name: AuthName; header?: string }
const headerSafe = fc.string({ unit: fc.constantFrom(...'abcdefABCDEF0123456789-_.~+/=!$%&*'.split('')), maxLength: 80 });
/** Mostly the first caller's token, sometimes the others', none, garbage or a malformed header. */
export function authArb(names: TokenName[], weightFirst = 6): fc.Arbitrary<Auth> {
  const [first, ...rest] = names;
  return fc.oneof(
    { weight: weightFirst, arbitrary: fc.constant<Auth>({ name: first!, header: 'T' }) },
    ...rest.map((n) => ({ weight: 1, arbitrary: fc.constant<Auth>({ name: n, header: 'T' }) })),
    { weight: 1, arbitrary: fc.constant<Auth>({ name: 'none' }) },
    { weight: 1, arbitrary: headerSafe.map((h): Auth => ({ name: 'garbage', header: `Bearer ${h}` })) },
    { weight: 1, arbitrary: fc.constantFrom<Auth>(
      { name: 'malformed', header: 'Bearer' }, { name: 'malformed', header: 'Basic YWRtaW46YWRtaW4=' }, { name: 'malformed', header: 'Bearer a b' },
      { name: 'malformed', header: 'bearer' }, { name: 'malformed', header: 'Token abc' },
    ) },
  );
}
/** The authorization header of `auth`, with the real token from `tokens`. */
export function authHeader(auth: Auth, tokens: Record<TokenName, string>): Record<string, string> {
  if (auth.name === 'none' || auth.header === undefined) return {};
  if (auth.header === 'T') return { authorization: `Bearer ${tokens[auth.name as TokenName]}` };
  return { authorization: auth.header };
}
/** The role of each agent caller. */
export const ROLE_OF: Partial<Record<AuthName, Role>> = { admin: 'admin', supervisor: 'supervisor', agent: 'agent', throwaway: 'agent' };

/** Lone surrogates become U+FFFD, as any UTF-8 encoder does (encodeURIComponent would throw). */
export const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** A raw path segment (what the server should see) and its encoding in the URL. */
export interface Segment { raw: string; encoded: string }
/** Mostly real ids (`real`), sometimes odd or too long ones. */
export function segmentArb(real: readonly string[]): fc.Arbitrary<Segment> {
  return fc.oneof(
    { weight: 5, arbitrary: idFrom(real) },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(128), 'x'.repeat(129), 'x'.repeat(2000)) },
  ).map(wellFormed).filter((raw) => raw.length > 0 && raw !== '.' && raw !== '..').map((raw) => ({ raw, encoded: encodeURIComponent(raw) }));
}

/** Query pairs: the route's own keys with good and bad values, repeats, unknown keys. */
export function queryArb(keys: Record<string, readonly string[]>): fc.Arbitrary<[string, string][]> {
  const names = Object.keys(keys);
  const pair: fc.Arbitrary<[string, string]> = names.length === 0
    ? fc.tuple(oddString, oddString)
    : fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...names).chain((k) => fc.tuple(fc.constant(k), fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...keys[k]!) }, { weight: 2, arbitrary: oddString }))) },
      { weight: 1, arbitrary: fc.tuple(oddString, oddString) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...names), hugeString.map((s) => s.slice(0, 300))) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...names.map((n) => `${n}[]`), ...names.map((n) => `${n}[a]`), '__proto__', 'constructor[prototype][x]'), oddString) },
    );
  return fc.array(pair, { maxLength: 5 });
}
/** What the server's simple query parser sees: each key with all of its values. */
export function parsedQuery(pairs: [string, string][]): { qs: string; map: Map<string, string[]> } {
  const qs = new URLSearchParams(pairs).toString();
  const map = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(qs)) map.set(k, [...(map.get(k) ?? []), v]);
  return { qs, map };
}
/** `key` is absent, or present once with a value `ok` accepts. */
export const single = (map: Map<string, string[]>, key: string, ok: (v: string) => boolean) => {
  const v = map.get(key);
  return v === undefined || (v.length === 1 && ok(v[0]!));
};
/** An integer string from `min` to `max`. */
export const intIn = (min: number, max: number) => (v: string) => { const n = Number(v); return Number.isSafeInteger(n) && n >= min && n <= max; };

/** A request body: JSON of a (mutated) template, raw text with a content type, or none. */
export type Body =
  | { mode: 'json'; value: unknown; mutation: string }
  | { mode: 'text'; text: string; contentType: string }
  | { mode: 'none' };
const INVALID_JSON = ['{', '{"a":', "{'a':1}", '[1,2', 'undefined', 'NaN', '{"a":1}}', '{"a":01}', '{"a":"\u0000"', '{"__proto__":', '\u0000', '{,}', '{"a" 1}', '[]]', 'nul'];
/** Bodies from `template`: as is, mutated, invalid JSON, wrong content types, none or too large. */
export function bodyArb(template: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 3, arbitrary: template.map((value): Body => ({ mode: 'json', value, mutation: 'template' })) },
    { weight: 8, arbitrary: mutatedPayload(template).filter((m) => m.mode === 'normal').map((m): Body => ({ mode: 'json', value: m.payload, mutation: m.mutation })) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...INVALID_JSON), fc.string({ maxLength: 40 })).map((text): Body => ({ mode: 'text', text, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.tuple(template, fc.constantFrom('text/plain', 'application/xml', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/vnd.api+json'))
      .map(([value, contentType]): Body => ({ mode: 'text', text: JSON.stringify(value), contentType })) },
    { weight: 1, arbitrary: fc.constantFrom<Body>({ mode: 'none' }, { mode: 'text', text: JSON.stringify({ pad: 'x'.repeat(70_000) }), contentType: 'application/json' }) },
  );
}
/** The body as the server's JSON parser hands it over (undefined when it refuses or ignores it). */
export function parsedBody(body: Body): unknown {
  let text: string | undefined;
  if (body.mode === 'json') text = JSON.stringify(body.value, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v)) ?? '';
  else if (body.mode === 'text' && /^application\/json(\s*;\s*charset=utf-8)?$/i.test(body.contentType)) text = body.text;
  if (text === undefined || Buffer.byteLength(text) > 64 * 1024) return undefined;
  if (text.length === 0) return {}; // body-parser's JSON parser reads an empty body as {}
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
/** The fetch `body` and content type of `body`. */
export function bodyInit(body: Body): { body?: string; headers: Record<string, string> } {
  if (body.mode === 'none') return { headers: {} };
  if (body.mode === 'text') return { body: body.text, headers: { 'content-type': body.contentType } };
  const text = JSON.stringify(body.value, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
  return { body: text ?? '', headers: { 'content-type': 'application/json' } };
}

// ---- validity of bodies -------------------------------------------------------------------------------
/** A JSON object body. */
export type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** zod counts string lengths in code points (a lone surrogate is one). */
export const codePoints = (s: string) => [...s].length;
const str = (v: unknown, min: number, max: number, trim = false) =>
  typeof v === 'string' && codePoints(trim ? v.trim() : v) >= min && codePoints(trim ? v.trim() : v) <= max;
const opt = (v: unknown, ok: (x: unknown) => boolean) => v === undefined || ok(v);
/** A string among `list`. */
export const oneOf = (list: readonly string[]) => (v: unknown) => typeof v === 'string' && list.includes(v);
const departmentsOk = (v: unknown) => Array.isArray(v) && v.length >= 1 && v.length <= 3 && v.every(oneOf(DEPARTMENTS));
const maxChatsOk = (v: unknown) => v === null || (Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= 100);
const loginOk = (v: unknown) => typeof v === 'string' && /^[a-zA-Z0-9._@-]{2,64}$/.test(v.trim());

/** Whether each route's schema accepts a parsed body. */
export const validBody = {
  login: (b: unknown) => isObj(b) && str(b.login, 1, 64) && str(b.password, 1, 1024),
  createAgent: (b: unknown) => isObj(b) && loginOk(b.login) && str(b.name, 1, 120, true) && str(b.password, 8, 1024) && oneOf(ROLES)(b.role)
    && departmentsOk(b.departments) && opt(b.maxChats, maxChatsOk),
  patchAgent: (b: unknown) => isObj(b) && opt(b.name, (v) => str(v, 1, 120, true)) && opt(b.password, (v) => str(v, 8, 1024))
    && opt(b.role, oneOf(ROLES)) && opt(b.departments, departmentsOk) && opt(b.maxChats, maxChatsOk),
  patchTicket: (b: unknown) => isObj(b) && opt(b.status, oneOf(TICKET_STATUSES)) && opt(b.priority, oneOf(PRIORITIES))
    && opt(b.assigneeId, (v) => v === null || str(v, 1, 128)),
  reply: (b: unknown) => isObj(b) && str(b.text, 1, 20_000, true),
  abuse: (b: unknown) => isObj(b) && b.abuse === true,
  any: (b: unknown) => b === undefined || typeof b === 'object',
};

// ---- templates -----------------------------------------------------------------------------------------
/** Mostly good values (so that valid requests get through too), sometimes odd ones. */
const mostly = <T>(good: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: odd });
const person = mostly(fc.constantFrom('Nadia', 'Zoë Ben Ali'), oddString);
const password = mostly(fc.constantFrom('long-enough-password'), fc.oneof(fc.constant('short'), oddString));
const role = mostly(fc.constantFrom(...ROLES), oddString);
const departments = mostly(fc.subarray([...DEPARTMENTS], { minLength: 1 }), fc.oneof(fc.constant([]), fc.array(oddString, { maxLength: 3 }), badValue));
const maxChats = mostly(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(null)), fc.oneof(fc.constantFrom(0, 101, 2.5), badValue));
const rec = <T extends Record<string, fc.Arbitrary<unknown>>>(shape: T, required: (keyof T & string)[] = Object.keys(shape)) =>
  fc.record(shape, { requiredKeys: required }) as fc.Arbitrary<Obj>;

/** Arbitraries of the routes' bodies. */
export const templates = {
  login: () => rec({ login: fc.oneof(fc.constantFrom('fuzz-agent', 'nobody', 'FUZZ-ADMIN'), oddString), password: fc.oneof(fc.constantFrom('wrong-password'), oddString) }),
  createAgent: () => rec({
    login: mostly(fc.stringMatching(/^[a-z0-9._@-]{2,20}$/), fc.oneof(fc.constantFrom('victim-0', 'fuzz-admin'), oddString)),
    name: person, password, role, departments, maxChats,
  }, ['login', 'name', 'password', 'role', 'departments']),
  patchAgent: () => rec({ name: person, password, role, departments, maxChats }, []),
  /** `assignees`: the ids an assigneeId may take besides odd ones. */
  patchTicket: (assignees: readonly string[]) => rec({
    status: mostly(fc.constantFrom(...TICKET_STATUSES), oddString), priority: mostly(fc.constantFrom(...PRIORITIES), oddString),
    assigneeId: fc.oneof(idFrom(assignees), fc.constant(null)),
  }, []),
  reply: () => rec({ text: mostly(fc.constantFrom('Nous regardons.', 'مرحبا'), oddString) }),
  abuse: () => rec({ abuse: fc.oneof(fc.constant(true), badValue) }),
};
