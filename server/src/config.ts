import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLICY, isValidTimeZone, parsePolicy, type Policy } from '@besoin/shared';

// The whole configuration, parsed once at start-up. Every problem is listed before exiting.

const Origins = z
  .string()
  .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin)));

const Env = z.object({
  /** TCP port of HTTP + Socket.IO. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Directory of the SQLite file (embedded mode), relative to where the command was run. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Comma-separated origins allowed on browser handshakes; unset = any (development only). */
  WIDGET_ALLOWED_ORIGINS: Origins.optional(),
  /** Path of a JSON policy file merged over the built-in policy. */
  POLICY_FILE: z.string().min(1).optional(),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Create the demo accounts on start. */
  DEMO: z.stringbool().default(false),
  /** Customer area linked from billing screens (rule 8). */
  CUSTOMER_AREA_URL: z.url().default('https://tunisieweb.net/v5/'),
  /**
   * SQLite durability. NORMAL (default, the usual choice with WAL): a commit survives a crash of
   * the process, not a power cut. FULL: an fsync before every ack, which also blocks the event
   * loop for its duration (docs/DECISIONS.md, BENCHMARKS.md).
   */
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('NORMAL'),
  /** Receiver of the signed JSON webhooks (ticket.created, ticket.updated, ticket.escalated, emergency.raised). */
  WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** HMAC-SHA256 key of the `X-Signature` header; required with WEBHOOK_URL. */
  WEBHOOK_SECRET: z.string().min(16).optional(),
  /** The support phone line shown in the widget (rule 6). */
  SUPPORT_PHONE: z.string().min(3).max(40).default('+216 71 000 000'),
  /** Lifetime of an agent session, in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  /** Redis of a cluster (redis://host:port[/db]); set, the node stores everything there and joins the other nodes. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of every key this deployment writes in Redis (several deployments can share one Redis). */
  REDIS_PREFIX: z.string().min(1).max(64).default('besoin:'),
  /** This node's name in logs and in Redis; default host-pid-random. */
  NODE_ID: z.string().regex(/^[\w.-]{1,64}$/).optional(),
  /** Jobs lease in ms: the jobs of a dead node are taken over within it. */
  JOBS_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(5000),
  /**
   * Load shedding (realtime/overload.ts): when no timer has run for this long (ms), new chats,
   * new visitor connections and typing indicators are refused for a moment; 0 turns it off.
   */
  OVERLOAD_LAG_MS: z.coerce.number().int().min(0).max(60_000).default(250),
});

/** The parsed configuration. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  sqliteFile: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  allowedOrigins: string[] | null;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  demo: boolean;
  customerAreaUrl: string;
  sessionTtlMs: number;
  webhook: { url: string; secret: string } | null;
  supportPhone: string;
  policy: Policy;
  /** Load shedding threshold (ms of event-loop lag); 0 = off. */
  overloadLagMs: number;
  /** Cluster mode (REDIS_URL set); null = embedded SQLite. */
  redis: { url: string; prefix: string; nodeId: string | undefined; leaseMs: number } | null;
}

/** Thrown with every problem found, one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function formatIssues(prefix: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.')}: ${i.message}`);
}

function loadPolicy(file: string | undefined, problems: string[]): Policy {
  if (!file) return DEFAULT_POLICY;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`POLICY_FILE: cannot read ${file} as JSON (${(error as Error).message})`);
    return DEFAULT_POLICY;
  }
  try {
    const policy = parsePolicy(raw);
    if (!isValidTimeZone(policy.timezone)) {
      problems.push(`POLICY_FILE.timezone: unknown IANA time zone "${policy.timezone}"`);
      return DEFAULT_POLICY;
    }
    return policy;
  } catch (error) {
    const issues = (error as { issues?: z.core.$ZodIssue[] }).issues ?? [];
    problems.push(...formatIssues('POLICY_FILE', issues));
    return DEFAULT_POLICY;
  }
}

/** Parses the environment (and the policy file it names); throws {@link ConfigError} listing all problems. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const parsed = Env.safeParse(env);
  if (!parsed.success) problems.push(...formatIssues('', parsed.error.issues));
  const policy = loadPolicy(env.POLICY_FILE || undefined, problems);
  if (parsed.success && Boolean(parsed.data.WEBHOOK_URL) !== Boolean(parsed.data.WEBHOOK_SECRET)) {
    problems.push('WEBHOOK_URL and WEBHOOK_SECRET: set both or neither');
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  // Relative paths are taken from where the command was typed (pnpm sets INIT_CWD), not from server/.
  const dataDir = path.resolve(env.INIT_CWD ?? process.cwd(), e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    sqliteFile: path.join(dataDir, 'besoin-daide.sqlite'),
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    allowedOrigins: e.WIDGET_ALLOWED_ORIGINS ?? null,
    logLevel: e.LOG_LEVEL,
    demo: e.DEMO,
    customerAreaUrl: e.CUSTOMER_AREA_URL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } : null,
    supportPhone: e.SUPPORT_PHONE,
    policy,
    overloadLagMs: e.OVERLOAD_LAG_MS,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.REDIS_PREFIX, nodeId: e.NODE_ID, leaseMs: e.JOBS_LEASE_MS } : null,
  };
}
