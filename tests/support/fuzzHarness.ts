import { ERROR_CODES, HTTP_STATUS, parsePolicy, type Ack, type Policy } from '@besoin/shared';
import type { Socket } from 'socket.io-client';
import { asReceived, payloadBytes, type FuzzedPayload } from './fuzzArbitraries';

// Shared pieces of the fuzz suites: a permissive policy (no rate limit gets in the way), the
// well-formedness checks of an Ack and of an HTTP error, and a prototype-pollution probe.

const PERMISSIVE_LIMITS: Record<string, number> = {
  messagesPerSecond: 100_000,
  messageBurst: 100_000,
  chatStartsPerMinutePerIp: 100_000,
  failedLoginsPerMinutePerIp: 100_000,
  connectionsPerIp: 100_000,
};

/**
 * The default policy with every rate limit at 100000. If the policy schema later rejects one of
 * these keys (it is strict), the key is dropped and the others are kept.
 */
export function permissivePolicy(): Policy {
  const limits = { ...PERMISSIVE_LIMITS };
  for (let attempt = 0; attempt <= Object.keys(PERMISSIVE_LIMITS).length; attempt++) {
    try {
      return parsePolicy({ limits });
    } catch (error) {
      const issues = (error as { issues?: { code?: string; keys?: string[]; path?: PropertyKey[] }[] }).issues ?? [];
      const unknown = issues.flatMap((i) => (i.code === 'unrecognized_keys' ? (i.keys ?? []) : []));
      if (unknown.length === 0) throw error;
      for (const key of unknown) delete limits[key];
    }
  }
  return parsePolicy({});
}

const ERROR_CODE_SET = new Set<string>(ERROR_CODES);

/** A problem with an ack or a response, or null when it is well-formed. */
export type Verdict = string | null;

/** Whether `ack` is a well-formed `Ack` (any code of the protocol's list, never `internal`). */
export function ackShapeProblem(ack: unknown): Verdict {
  if (typeof ack !== 'object' || ack === null || Array.isArray(ack)) return `ack is not an object: ${describe(ack)}`;
  const a = ack as Record<string, unknown>;
  if (a.ok === true) return 'data' in a ? null : 'ok ack without data';
  if (a.ok !== false) return `ack.ok is ${describe(a.ok)}`;
  const error = a.error as Record<string, unknown> | undefined;
  if (typeof error !== 'object' || error === null) return 'error ack without error object';
  if (typeof error.code !== 'string' || !ERROR_CODE_SET.has(error.code)) return `unknown error code ${describe(error.code)}`;
  if (error.code === 'internal') return 'internal error';
  if (typeof error.message !== 'string') return 'error without message';
  if (error.issues !== undefined && !issuesWellFormed(error.issues)) return 'malformed issues';
  return null;
}

/** `issues` is a non-empty array of `{ code, path, message }`. */
export function issuesWellFormed(issues: unknown): boolean {
  return Array.isArray(issues) && issues.length > 0 && issues.every((i: unknown) => {
    const issue = i as Record<string, unknown> | null;
    return !!issue && typeof issue.code === 'string' && Array.isArray(issue.path) && typeof issue.message === 'string';
  });
}

/** Emits a fuzzed payload the way `fuzzed.mode` says, with a bounded wait for the ack. */
export async function emitFuzzed(socket: Socket, event: string, fuzzed: FuzzedPayload, timeoutMs = 5_000): Promise<Ack<unknown>> {
  const s = socket.timeout(timeoutMs);
  if (fuzzed.mode === 'noPayload') return (await s.emitWithAck(event)) as Ack<unknown>;
  if (fuzzed.mode === 'extraArgs') return (await s.emitWithAck(event, ...(fuzzed.payload as unknown[]))) as Ack<unknown>;
  return (await s.emitWithAck(event, fuzzed.payload)) as Ack<unknown>;
}

export { asReceived, payloadBytes };

/** A short, bounded description of a value for failure messages. */
export function describe(value: unknown, max = 300): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

const BASELINE_PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const BASELINE_ARRAY_PROTO_KEYS = Object.getOwnPropertyNames(Array.prototype).sort().join(',');

/** Null when `Object.prototype` (and friends) look untouched; otherwise what changed. */
export function pollutionProblem(): Verdict {
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin', 'name']) {
    if (probe[key] !== undefined) return `({}).${key} is ${describe(probe[key])}`;
  }
  if (Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== BASELINE_PROTO_KEYS) return 'Object.prototype gained keys';
  if (Object.getOwnPropertyNames(Array.prototype).sort().join(',') !== BASELINE_ARRAY_PROTO_KEYS) return 'Array.prototype gained keys';
  if (typeof Object.prototype.toString !== 'function' || typeof Object.prototype.hasOwnProperty !== 'function') return 'Object.prototype methods replaced';
  return null;
}

export interface HttpResult {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

/** One HTTP request; the body is read as text and parsed as JSON when it is JSON. */
export async function http(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let json: unknown = undefined;
  if (contentType.includes('json')) {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, contentType, text, json };
}

/** Null when a non-2xx response is the JSON `{ error: { code, message } }` with a 4xx status matching its code. */
export function httpErrorProblem(res: HttpResult): Verdict {
  if (res.status >= 500) return `status ${res.status}: ${res.text.slice(0, 200)}`;
  if (res.status < 400) return `not an error status: ${res.status}`;
  if (!res.contentType.includes('application/json')) return `error with content-type ${res.contentType}`;
  const error = (res.json as { error?: Record<string, unknown> } | undefined)?.error;
  if (!error || typeof error !== 'object') return `error body is not { error }: ${res.text.slice(0, 200)}`;
  if (typeof error.code !== 'string' || !ERROR_CODE_SET.has(error.code)) return `unknown error code ${describe(error.code)}`;
  if (typeof error.message !== 'string') return 'error without message';
  if (HTTP_STATUS[error.code as keyof typeof HTTP_STATUS] !== res.status) return `code ${error.code} with status ${res.status}`;
  return null;
}

/** Counts runs per property, printed as one summary at the end of a file. */
export function runCounter() {
  const counts = new Map<string, { runs: number; detail: Map<string, number> }>();
  return {
    count(property: string, bucket: string) {
      const entry = counts.get(property) ?? { runs: 0, detail: new Map<string, number>() };
      entry.runs++;
      entry.detail.set(bucket, (entry.detail.get(bucket) ?? 0) + 1);
      counts.set(property, entry);
    },
    summary(title: string): string {
      const lines = [`${title}:`];
      for (const [property, { runs, detail }] of counts) {
        const parts = [...detail].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
        lines.push(`  ${property}: ${runs} runs (${parts})`);
      }
      return lines.join('\n');
    },
  };
}
