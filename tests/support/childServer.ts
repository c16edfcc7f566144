import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './waitFor';

// The real server (server/src/main.ts) in a child process over a temp data dir, so that a
// test can SIGKILL it and start it again on the same data and port. It runs as
// `node --import tsx src/main.ts` rather than through the `tsx` binary: that binary keeps the
// server in a grandchild process, which a SIGKILL of the binary would leave running.

const serverDir = fileURLToPath(new URL('../../server/', import.meta.url));

/** A TCP port free on 127.0.0.1 right now (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Prepares a data dir and policy file; `start()` launches the server, `kill()` crashes it, `close()` cleans up. */
export async function createChildServer(options: { policy: object }) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'besoin-chaos-'));
  const policyFile = path.join(dataDir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(options.policy));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, POLICY_FILE: policyFile,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', DEMO: 'false', SQLITE_SYNCHRONOUS: 'FULL',
    // No load shedding: these tests are about delivery, and a loaded CI machine could make the
    // server refuse a test's chat start (shedding has its own tests and the load benchmark).
    OVERLOAD_LAG_MS: '0',
  };
  let child: ChildProcess | null = null;
  let output = '';

  function run(args: string[]): ChildProcess {
    const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: serverDir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return proc;
  }

  async function healthy(): Promise<boolean> {
    try {
      return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(500) })).ok;
    } catch {
      return false;
    }
  }

  return {
    url,
    port,
    dataDir,
    sqliteFile: path.join(dataDir, 'besoin-daide.sqlite'),
    /** What the server processes printed so far (for failure messages). */
    output: () => output,
    /** Creates an agent with the admin CLI (password on stdin). */
    async addAgent(input: { login: string; name: string; password: string; maxChats: number }): Promise<void> {
      const cli = run(['src/cli.ts', 'agent', 'add', '--login', input.login, '--name', input.name, '--role', 'agent',
        '--departments', 'technical', '--max-chats', String(input.maxChats)]);
      cli.stdin?.end(`${input.password}\n`);
      const code = await waitForExit(cli, 30_000);
      if (code !== 0) throw new Error(`cli agent add ${input.login} exited ${code}:\n${output}`);
    },
    /** Starts the server and resolves once /healthz answers 200. */
    async start(): Promise<void> {
      const proc = run(['src/main.ts']);
      child = proc;
      const up = await waitFor(async () => proc.exitCode === null && (await healthy()), 30_000, 50);
      if (!up) throw new Error(`server did not become healthy on ${url}:\n${output}`);
    },
    /** Sends `signal` to the server process and resolves with its exit code once it has exited. */
    async kill(signal: NodeJS.Signals): Promise<number | null> {
      const proc = child;
      if (!proc) return null;
      child = null;
      proc.kill(signal);
      return waitForExit(proc, 15_000);
    },
    /** Stops the server if running (SIGTERM, then SIGKILL) and deletes the data dir. */
    async close(): Promise<void> {
      const proc = child;
      if (proc) {
        child = null;
        proc.kill('SIGTERM');
        await waitForExit(proc, 12_000).catch(async () => {
          proc.kill('SIGKILL');
          await waitForExit(proc, 5_000);
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type ChildServer = Awaited<ReturnType<typeof createChildServer>>;
