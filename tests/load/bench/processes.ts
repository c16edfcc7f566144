import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

// Child processes of the benchmark (servers and client processes), with request/response over
// the IPC channel. Every child is registered so that the parent kills them all on any exit;
// each child also exits by itself when the IPC channel closes (the parent died).

/** A request to a child: `cmd` with its arguments; the answer carries the same `id`. */
export interface IpcRequest {
  id: number;
  cmd: string;
  args?: unknown;
}
/** A child's answer to an {@link IpcRequest}. */
export type IpcResponse = { id: number; ok: true; data: unknown } | { id: number; ok: false; error: string };

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** A temporary directory to delete when the benchmark exits, however it exits (except SIGKILL). */
export function removeOnExit(dir: string): void {
  tempDirs.add(dir);
}

/** A forked child: its pid, the tail of its output, requests with a timeout, and stop(). */
export interface ChildHandle {
  name: string;
  pid: number;
  /** The last 64 KB the child printed. */
  output(): string;
  /** Lines the child printed so far that look like warn/error/fatal pino records. */
  problemLines(): number;
  request<T>(cmd: string, args: unknown, timeoutMs: number): Promise<T>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Forks `file` with node `execArgv` (tsx is loaded with `--import tsx`, resolved from `cwd`). */
export function startChild(name: string, file: string, options: { cwd: string; execArgv: string[]; env?: NodeJS.ProcessEnv; echo?: boolean }): ChildHandle {
  const child = fork(file, [], {
    cwd: options.cwd,
    execArgv: options.execArgv,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  live.add(child);
  let output = '';
  let problems = 0;
  const capture = (chunk: Buffer) => {
    const text = chunk.toString();
    problems += (text.match(/"level":(40|50|60)/g) ?? []).length;
    output = (output + text).slice(-65_536);
    if (options.echo) process.stderr.write(text);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  child.on('message', (raw) => {
    const msg = raw as IpcResponse;
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    clearTimeout(waiter.timer);
    if (msg.ok) waiter.resolve(msg.data);
    else waiter.reject(new Error(`${name}: ${msg.error}`));
  });
  void exited.then((code) => {
    for (const [id, waiter] of pending) {
      pending.delete(id);
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`${name} exited (${code}) before answering:\n${output.slice(-2000)}`));
    }
  });

  return {
    name,
    pid: child.pid,
    output: () => output,
    problemLines: () => problems,
    exited,
    request<T>(cmd: string, args: unknown, timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${name} is not running:\n${output.slice(-2000)}`));
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name}: no answer to ${cmd} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        child.send({ id, cmd, args } satisfies IpcRequest);
      });
    },
    async stop(graceMs = 10_000): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Stops every child still running (in parallel, each SIGTERM then SIGKILL). */
export async function stopAllChildren(graceMs = 5000): Promise<void> {
  await Promise.all([...live].map(async (child) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    clearTimeout(timer);
  }));
}

/** Last resort, synchronous (process `exit` handler): SIGKILL every child still running, delete the temp dirs. */
export function cleanUpNow(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

/** Child side: answers the parent's requests with `handlers`; exits when the parent goes away. */
export function serveParent(handlers: Record<string, (args: never) => Promise<unknown>>, maxLifetimeMs = 20 * 60_000): void {
  process.on('message', (raw) => {
    const msg = raw as IpcRequest;
    const handler = handlers[msg.cmd];
    const reply = (r: IpcResponse) => {
      if (process.connected) process.send?.(r);
    };
    if (!handler) return reply({ id: msg.id, ok: false, error: `unknown command ${msg.cmd}` });
    handler(msg.args as never).then(
      (data) => reply({ id: msg.id, ok: true, data }),
      (error: unknown) => reply({ id: msg.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
    );
  });
  // The parent died or closed the channel: never outlive the benchmark.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  setTimeout(() => process.exit(1), maxLifetimeMs).unref();
}
