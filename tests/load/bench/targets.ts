import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parsePolicy } from '@besoin/shared';
import { createApp, createLogger, openSqliteStore } from '@besoin/server';
import { freePort } from '../../support/childServer';
import type { BenchOptions } from './options';
import { removeOnExit, startChild, type ChildHandle } from './processes';
import { sleep } from './stats';

// The two servers under test, each in a child process of its own: Besoin d'aide
// (server/src/main.ts, configured only through its environment and a policy file) and the
// bare relay (relay.child.ts). Both load probe.preload.ts for memory readings after a GC.

const serverDir = fileURLToPath(new URL('../../../server/', import.meta.url));
const testsDir = fileURLToPath(new URL('../../', import.meta.url));
const probe = pathToFileURL(fileURLToPath(new URL('./probe.preload.ts', import.meta.url))).href;

/** process.memoryUsage() of the server, after a full GC. */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  gc: boolean;
}

/** Event-loop delay of the server since the previous reading (ms; percentiles per turn of the loop),
 * and the stalls over 1 s during which no timer could run (count, total wall seconds). */
export interface LoopReading {
  p50: number;
  p99: number;
  max: number;
  mean: number;
  stallsOver1s: number;
  stalledSeconds: number;
}

/** A server under test. */
export interface Target {
  kind: 'besoin' | 'relay';
  label: string;
  url: string;
  child: ChildHandle;
  /** Agent accounts, and whether agents log in over HTTP (ours) or just present a token (relay). */
  accounts: { login: string; password: string }[];
  login: boolean;
  memory(): Promise<MemoryReading>;
  /** Event-loop delay since the previous call (null if the server did not answer in time). */
  loop(): Promise<LoopReading | null>;
  /** Connected visitor sockets as the server counts them (ours: /metrics), null if unknown. */
  serverVisitorSockets(): Promise<number | null>;
  /** Stops the server; resolves with the CPU profile's directory when profiling. */
  close(): Promise<void>;
  profileDir: string | null;
}

/** The benchmark's policy file: the built-in policy with the per-IP (and per-sender) limits raised,
 * since every client of the benchmark comes from 127.0.0.1. */
export const benchPolicy = {
  limits: {
    connectionsPerIp: 1_000_000,
    chatStartsPerMinutePerIp: 1_000_000,
    failedLoginsPerMinutePerIp: 10_000,
    messagesPerSecond: 1000,
    messageBurst: 1000,
  },
};

const BENCH_PASSWORD = 'bench-password';

async function waitHealthy(url: string, child: ChildHandle, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not listening yet
    }
    if (await Promise.race([child.exited.then(() => true), sleep(100).then(() => false)])) break;
  }
  throw new Error(`${child.name} did not become healthy on ${url}:\n${child.output().slice(-3000)}`);
}

/** Creates the agent accounts in a fresh data dir, then starts our server on it. */
export async function startBesoin(o: BenchOptions): Promise<Target> {
  const dataDir = mkdtempSync(path.join(o.dataDirParent, 'besoin-bench-'));
  removeOnExit(dataDir);
  const profileDir = o.profile ? mkdtempSync(path.join(tmpdir(), 'besoin-bench-profile-')) : null;
  const policyFile = path.join(dataDir, 'bench-policy.json');
  writeFileSync(policyFile, JSON.stringify(benchPolicy, null, 2));
  const sqliteFile = path.join(dataDir, 'besoin-daide.sqlite');
  const accounts = Array.from({ length: o.agents }, (_, i) => ({ login: `bench${i}`, password: BENCH_PASSWORD }));

  // Accounts are created before the run: the first with the app's own service (a scrypt hash, as
  // the CLI does), the others in the store with the same hash (same password) to save time.
  const store = openSqliteStore(sqliteFile, { synchronous: o.sqliteSynchronous });
  const app = createApp({ store, policy: parsePolicy(benchPolicy), logger: createLogger('silent') });
  try {
    const first = await app.agents.create({ login: 'bench0', name: 'Agent 0', password: BENCH_PASSWORD, role: 'agent', departments: ['technical'], maxChats: o.maxChats });
    const now = new Date().toISOString();
    for (let i = 1; i < o.agents; i++) {
      await store.createAgent({ login: `bench${i}`, name: `Agent ${i}`, role: 'agent', departments: ['technical'], maxChats: o.maxChats, passwordHash: first.passwordHash }, now);
    }
  } finally {
    await app.close();
    await store.close();
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startChild('besoin server', path.join(serverDir, 'src/main.ts'), {
    cwd: serverDir,
    execArgv: ['--expose-gc', '--import', 'tsx', '--import', probe, ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])],
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, POLICY_FILE: policyFile,
      LOG_LEVEL: 'warn', DEMO: 'false', SQLITE_SYNCHRONOUS: o.sqliteSynchronous, NODE_ENV: 'production',
    },
  });
  try {
    await waitHealthy(url, child, 60_000);
  } catch (error) {
    await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    kind: 'besoin',
    label: "Besoin d'aide",
    url,
    child,
    accounts,
    login: true,
    profileDir,
    memory: () => child.request<MemoryReading>('mem', {}, 30_000),
    loop: () => child.request<LoopReading>('loop', {}, 60_000).catch(() => null),
    async serverVisitorSockets() {
      try {
        const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
        const m = /besoin_connected_sockets\{namespace="visitor"\} (\d+)/.exec(text);
        return m ? Number(m[1]) : null;
      } catch {
        return null;
      }
    },
    async close() {
      await child.stop(20_000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the bare Socket.IO relay. */
export async function startRelay(o: BenchOptions): Promise<Target> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startChild('relay', fileURLToPath(new URL('./relay.child.ts', import.meta.url)), {
    cwd: testsDir,
    execArgv: ['--expose-gc', '--import', 'tsx', '--import', probe],
    env: { ...process.env, PORT: String(port), RELAY_MAX_CHATS: String(o.maxChats), NODE_ENV: 'production' },
  });
  try {
    await waitHealthy(url, child, 60_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    kind: 'relay',
    label: 'bare Socket.IO relay',
    url,
    child,
    accounts: Array.from({ length: o.agents }, (_, i) => ({ login: `relay${i}`, password: '' })),
    login: false,
    profileDir: null,
    memory: () => child.request<MemoryReading>('mem', {}, 30_000),
    loop: () => child.request<LoopReading>('loop', {}, 60_000).catch(() => null),
    serverVisitorSockets: async () => null,
    close: () => child.stop(10_000),
  };
}
