import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './childServer';
import { waitFor } from './waitFor';

// A dedicated redis-server for one test (own port, own temp dir), durable as the docs require
// (AOF, fsync before every reply), so that a test can SIGKILL it and start it again on the
// same port and data and see what an acknowledged write became.

// Last resort against orphans (see clusterNode.ts).
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** True when something on 127.0.0.1:`port` answers PING with PONG within 500 ms. */
export function pingRedis(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Prepares the port and dir; `start()` launches redis-server, `kill()` crashes it, `close()` stops it and deletes the dir. */
export async function createRedisServer() {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'besoin-redis-'));
  let child: ChildProcess | null = null;
  let output = '';
  const exited = (proc: ChildProcess) => proc.exitCode !== null || proc.signalCode !== null;
  const waitExit = (proc: ChildProcess) => waitFor(() => exited(proc), 10_000, 20);

  return {
    port,
    dir,
    /** The running redis-server's pid (undefined when stopped). */
    pid: () => (child && !exited(child) ? child.pid : undefined),
    url: `redis://127.0.0.1:${port}`,
    output: () => output,
    /** Starts redis-server on the same port and dir and resolves once it answers PING (AOF loaded). */
    async start(): Promise<void> {
      const proc = spawn('redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always',
        '--save', '', '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning',
      ], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      live.add(proc);
      proc.once('exit', () => live.delete(proc));
      proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const up = await waitFor(async () => !exited(proc) && (await pingRedis(port)), 15_000, 25);
      if (!up) throw new Error(`redis-server did not start on ${port}:\n${output}`);
    },
    /** Sends `signal` and resolves once the process has exited. */
    async kill(signal: NodeJS.Signals): Promise<void> {
      const proc = child;
      child = null;
      if (!proc || exited(proc)) return;
      proc.kill(signal);
      if (!(await waitExit(proc))) throw new Error(`redis-server ${proc.pid} survived ${signal}`);
    },
    async close(): Promise<void> {
      const proc = child;
      child = null;
      if (proc && !exited(proc)) {
        proc.kill('SIGTERM');
        if (!(await waitExit(proc))) {
          proc.kill('SIGKILL');
          await waitExit(proc);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
