import fc from 'fast-check';

// fast-check arbitraries for the fuzz suites (tests/fuzz): hostile values of every kind, kept
// small enough that a Socket.IO frame stays under the server's 64 KB limit.

/** Largest serialized payload the generators aim at (the frame limit is 64 KB). */
export const MAX_FRAME_BYTES = 60_000;

/** Strings that tend to break parsers, trimmers, encoders and templates. */
export const UNICODE_ODDITIES = [
  '', ' ', '   ', '\t\n\r', '\u0000', '\u0000abc', '\uD800', '\uDFFF', '\uDBFF\uDFFF', '\u202E', '\u202Egnp.exe', '\u200B',
  '\u200D', '\uFEFF', '\u00A0', '\u3000', '\u2028', '\u2029', 'e\u0301', '\u0301', 'Z\u0351\u0360\u0362\u0363', '\uFFFF', '\uFFFD',
  '\u{10FFFF}', '👩‍👩‍👧‍👦', '🏳️‍🌈', 'مرحبا بكم', '\u061C', 'İı', 'ß', 'ﬃ', '𝕳𝖊𝖑𝖑𝖔', '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>', "'; DROP TABLE chats;--", '%00', '%E0%A4%A', '../../etc/passwd', '${7*7}', '{{7*7}}',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'null', 'undefined', 'NaN', '-0', '1e309',
  'TCK-2026-000001', 'tck-2026-000001', 'a@b', 'a@b.c', '@', '\\', '\\u0000', '/', '?', '#', '&', '=', '+',
] as const;

/** One odd string: a known oddity, a concatenation of some, or random text of any unit. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...UNICODE_ODDITIES),
  fc.array(fc.constantFrom(...UNICODE_ODDITIES), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00A0', '\u3000', '\u2028', '\uFEFF'), minLength: 1, maxLength: 10 }),
);

/** Bytes one repetition of `chunk` takes inside a JSON string. */
function jsonBytesOf(chunk: string): number {
  return Buffer.byteLength(JSON.stringify(chunk)) - 2;
}

/** A huge string (several KB up to ~55 KB once serialized) built by repeating an odd chunk. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 5_000, max: 55_000 }), fc.oneof(fc.constantFrom('a', 'é', '🙂', ' ', 'x '), oddString.filter((s) => s.length > 0)))
  .map(([targetBytes, chunk]) => chunk.repeat(Math.max(1, Math.floor(targetBytes / Math.max(1, jsonBytesOf(chunk))))));

/** Numbers that are not what a schema wants (or only barely). */
export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1, 5, 6, 0.5, 1e-300, 1e308, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, NaN, Infinity, -Infinity),
);

/** A scalar of any JSON-ish type (undefined included: it vanishes from objects on the wire). */
export const scalar: fc.Arbitrary<unknown> = fc.oneof(
  oddNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  oddString,
);

/** Objects whose own keys are `__proto__`, `constructor`, `prototype` … (built with JSON.parse). */
export const PROTO_TEXTS = [
  '{"__proto__":{"polluted":"yes","isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":null}',
  '{"__proto__":[1,2,3]}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
  '{"toString":"x","valueOf":1,"hasOwnProperty":"nope","__defineGetter__":0}',
  '{"constructor":{"name":"Object","polluted":"yes"},"__proto__":{"toString":1}}',
] as const;

export const protoObject: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(...PROTO_TEXTS)
  .map((text) => JSON.parse(text) as Record<string, unknown>);

/** A value nested `depth` levels deep in arrays and/or objects (50 levels and more). */
export const deepNest: fc.Arbitrary<unknown> = fc
  .tuple(fc.oneof(fc.integer({ min: 2, max: 200 }), fc.constant(50)), fc.constantFrom('array', 'object', 'mixed', 'proto'), scalar)
  .map(([depth, kind, leaf]) => {
    let value: unknown = leaf === undefined ? null : leaf;
    for (let i = 0; i < depth; i++) {
      const asArray = kind === 'array' || (kind === 'mixed' && i % 2 === 0);
      if (kind === 'proto') value = JSON.parse(`{"__proto__":${JSON.stringify(value)}}`) as unknown;
      else value = asArray ? [value] : { a: value };
    }
    return value;
  });

/** Any bad value: scalars, containers, deep nesting, prototype keys, binary. */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(oddString, scalar, { maxKeys: 5 }) },
  { weight: 1, arbitrary: deepNest },
  { weight: 1, arbitrary: protoObject },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 16 }) },
);

/** A value of a different JS type than `value`, for "right keys, wrong value types". */
export function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  const t = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const choices: fc.Arbitrary<unknown>[] = [];
  if (t !== 'number') choices.push(oddNumber);
  if (t !== 'boolean') choices.push(fc.boolean());
  if (t !== 'string') choices.push(oddString);
  if (t !== 'array') choices.push(fc.array(scalar, { maxLength: 3 }), fc.constant([]));
  if (t !== 'object') choices.push(fc.constant({}), protoObject);
  if (t !== 'null') choices.push(fc.constant(null));
  return fc.oneof(...choices);
}

/** How a fuzzed payload is sent. */
export type SendMode = 'normal' | 'noPayload' | 'extraArgs';

export interface FuzzedPayload {
  /** What the client emits (ignored when `mode` is `noPayload`). */
  payload: unknown;
  mode: SendMode;
  /** A short description of the mutation, for failure reports and summaries. */
  mutation: string;
}

type Template = Record<string, unknown>;

/** Copies a plain object keeping own `__proto__` keys as own keys (spread would too; this is explicit). */
function copyOwn(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) Object.defineProperty(out, key, { value: source[key], enumerable: true, writable: true, configurable: true });
  return out;
}

function withKey(template: Template, key: string, value: unknown): Template {
  const out = copyOwn(template);
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Payloads derived from a (mostly valid) template: unchanged, one field dropped, one field of a
 * wrong type or a bad value, every field of a wrong type, a huge string, extra and
 * prototype-pollution keys, a wholly bad payload, no payload at all, or extra arguments.
 */
export function mutatedPayload(template: fc.Arbitrary<Template>): fc.Arbitrary<FuzzedPayload> {
  return template.chain((t) => {
    const keys = Object.keys(t);
    const key = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x');
    const normal = (mutation: string) => (payload: unknown): FuzzedPayload => ({ payload, mode: 'normal', mutation });
    return fc.oneof(
      { weight: 2, arbitrary: fc.constant(normal('none')(t)) },
      { weight: 2, arbitrary: key.map((k) => { const out = copyOwn(t); delete out[k]; return normal(`drop ${k}`)(out); }) },
      { weight: 3, arbitrary: key.chain((k) => wrongTypeFor(t[k]).map((v) => normal(`wrong type ${k}`)(withKey(t, k, v)))) },
      { weight: 2, arbitrary: key.chain((k) => badValue.map((v) => normal(`bad value ${k}`)(withKey(t, k, v)))) },
      { weight: 2, arbitrary: key.chain((k) => oddString.map((v) => normal(`odd string ${k}`)(withKey(t, k, v)))) },
      {
        weight: 1,
        arbitrary: fc.tuple(...keys.map((k) => wrongTypeFor(t[k]))).map((values) => {
          const out: Template = {};
          keys.forEach((k, i) => { out[k] = values[i]; });
          return normal('all wrong types')(out);
        }),
      },
      { weight: 2, arbitrary: key.chain((k) => hugeString.map((v) => normal(`huge ${k}`)(withKey(t, k, v)))) },
      { weight: 1, arbitrary: hugeString.map((v) => normal('huge extra key')(withKey(t, 'padding', v))) },
      { weight: 1, arbitrary: fc.dictionary(oddString, badValue, { minKeys: 1, maxKeys: 4 }).map((extra) => normal('extra keys')({ ...t, ...extra })) },
      {
        weight: 2,
        arbitrary: protoObject.map((extra) => {
          const out = copyOwn(t);
          for (const k of Object.keys(extra)) Object.defineProperty(out, k, { value: extra[k], enumerable: true, writable: true, configurable: true });
          return normal('prototype keys')(out);
        }),
      },
      { weight: 1, arbitrary: key.chain((k) => deepNest.map((v) => normal(`deep ${k}`)(withKey(t, k, v)))) },
      { weight: 2, arbitrary: badValue.map(normal('whole payload bad')) },
      { weight: 1, arbitrary: fc.constant<FuzzedPayload>({ payload: undefined, mode: 'noPayload', mutation: 'no payload' }) },
      { weight: 1, arbitrary: badValue.map((v): FuzzedPayload => ({ payload: [t, v], mode: 'extraArgs', mutation: 'extra args' })) },
    );
  });
}

/** The value the server's parser sees for what the client emitted (JSON semantics of the wire). */
export function asReceived(fuzzed: FuzzedPayload): unknown {
  if (fuzzed.mode === 'noPayload') return undefined;
  const first = fuzzed.mode === 'extraArgs' ? (fuzzed.payload as unknown[])[0] : fuzzed.payload;
  if (first === undefined) return null; // [event, undefined] is sent as [event, null]
  if (first instanceof Uint8Array) return Buffer.from(first);
  return JSON.parse(JSON.stringify(first, (_k, v: unknown) => (v instanceof Uint8Array ? { binary: true } : v))) as unknown;
}

/** Bytes of the serialized payload (an upper bound of its share of the frame). */
export function payloadBytes(fuzzed: FuzzedPayload): number {
  const text = JSON.stringify(fuzzed.payload ?? null, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
  return Buffer.byteLength(text ?? 'null');
}

/** An opaque id from a pool of real ids (weighted) or a hostile one. */
export function idFrom(real: readonly string[], weightReal = 3): fc.Arbitrary<string> {
  const variants = real.length > 0
    ? [
      { weight: weightReal, arbitrary: fc.constantFrom(...real) },
      { weight: 1, arbitrary: fc.constantFrom(...real).map((id) => id.toUpperCase()) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...real), fc.constantFrom(' ', '\u0000', '%', '/', '\n', '*', '_', '%25')).map(([id, s]) => `${id}${s}`) },
      { weight: 1, arbitrary: fc.constantFrom(...real).map((id) => ` ${id}`) },
      { weight: 1, arbitrary: fc.constantFrom(...real).map((id) => id.slice(0, -1)) },
    ]
    : [];
  return fc.oneof(
    ...variants,
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: oddString },
    { weight: 1, arbitrary: fc.constantFrom('%', '*', "' OR '1'='1", 'x'.repeat(128), 'x'.repeat(129), '0', '-1', 'TCK-2026-000001') },
  );
}
