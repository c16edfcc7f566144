import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './childServer';
import { waitFor } from './waitFor';

// One server node of a cluster (server/src/main.ts with REDIS_URL) in a child process, so that
// a test can run 3 of them on one Redis and SIGKILL one. Like childServer.ts it runs as
// `node --import tsx src/main.ts`, so that a kill reaches the server itself; it needs no data dir.

const serverDir = fileURLToPath(new URL('../../server/', import.meta.url));

/** The shared test Redis (scripts/test-all.sh starts one on 6399). */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6399';

/** A key prefix no other test run uses. */
export const uniquePrefix = (name: string) => `test:${name}:${process.pid}:${Date.now().toString(36)}:`;

/** Writes a partial policy (merged over the default by the server) to a temp file; `dispose()` deletes it. */
export function writePolicyFile(policy: object): { file: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'besoin-policy-'));
  const file = path.join(dir, 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ClusterNodeOptions {
  redisUrl: string;
  prefix: string;
  nodeId: string;
  policyFile: string;
  /** JOBS_LEASE_MS (the server's default when absent). */
  leaseMs?: number;
  /** More environment variables. */
  env?: Record<string, string>;
}

// Last resort against orphans: should this process exit without closing its nodes (a crashed
// worker, an interrupted run), they go with it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Starts a node on a free port of 127.0.0.1 and resolves once /healthz answers 200. */
export async function startClusterNode(options: ClusterNodeOptions) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: options.redisUrl, REDIS_PREFIX: options.prefix,
    NODE_ID: options.nodeId, POLICY_FILE: options.policyFile, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', DEMO: 'false',
    ...(options.leaseMs ? { JOBS_LEASE_MS: String(options.leaseMs) } : {}),
    // No load shedding unless asked (options.env): as in childServer.ts.
    OVERLOAD_LAG_MS: '0',
    ...options.env,
  };
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const node = {
    url,
    port,
    nodeId: options.nodeId,
    pid: child.pid,
    /** What the process printed so far (for failure messages). */
    output: () => output,
    /** False once the process has exited (a crash, or after kill/close). */
    running,
    /** GET /readyz: its status code, or 0 when unreachable. */
    async readyz(): Promise<number> {
      try {
        return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })).status;
      } catch {
        return 0;
      }
    },
    /** Sends `signal` and resolves once the process has exited. */
    async kill(signal: NodeJS.Signals): Promise<void> {
      if (!running()) return;
      child.kill(signal);
      await waitForExit(child, 15_000);
    },
    /** Stops the node if still running (SIGTERM, then SIGKILL). */
    async close(): Promise<void> {
      if (!running()) return;
      child.kill('SIGTERM');
      await waitForExit(child, 12_000).catch(async () => {
        child.kill('SIGKILL');
        await waitForExit(child, 5000);
      });
    },
  };
  const healthy = async () => {
    try {
      return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(500) })).ok;
    } catch {
      return false;
    }
  };
  const up = await waitFor(async () => running() && (await healthy()), 30_000, 50);
  if (!up) {
    await node.close().catch(() => undefined);
    throw new Error(`node ${options.nodeId} did not become healthy on ${url}:\n${output}`);
  }
  return node;
}

export type ClusterNode = Awaited<ReturnType<typeof startClusterNode>>;

/**
 * Starts one node per id, in parallel. Each lands in `into` at its id's index as soon as it is
 * up, so that the caller's afterAll closes it even when another one fails to start.
 */
export async function startClusterNodes(ids: string[], options: Omit<ClusterNodeOptions, 'nodeId'>, into: ClusterNode[]): Promise<ClusterNode[]> {
  const base = into.length;
  const results = await Promise.allSettled(ids.map(async (nodeId, i) => {
    into[base + i] = await startClusterNode({ ...options, nodeId });
  }));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return into.slice(base);
}

/** Lines a node logged at level error or fatal (pino JSON: level >= 50), and crash traces. */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => /"level":(5|6)\d/.test(line) || /^\s*(Error|TypeError|RangeError)\b/.test(line));
}
