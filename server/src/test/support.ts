import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_POLICY, PROTOCOL_VERSION, type Ack, type AgentClientToServerEvents, type AgentServerToClientEvents,
  type Policy, type Role, type Department, type VisitorClientToServerEvents, type VisitorServerToClientEvents,
} from '@besoin/shared';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp } from '../app';
import { openSqliteStore } from '../store/index';

// Test support: a real server on 127.0.0.1:0 over a real SQLite file, real socket.io clients.

export type VisitorClient = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;
export type AgentClient = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Resolves with the next payload of `event` (bounded by `timeoutMs`). */
export function nextEvent<T = unknown>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const on = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, on);
  });
}

/** Collects every payload of the given events on a socket. */
export function record(socket: Socket, ...events: string[]) {
  const seen: Record<string, unknown[]> = {};
  for (const e of events) {
    seen[e] = [];
    socket.on(e, (payload: unknown) => seen[e]!.push(payload));
  }
  return seen;
}

/** Emits a command with a bounded wait for its ack. */
export async function call<T = unknown>(socket: Socket, event: string, payload?: unknown, timeoutMs = 5000): Promise<Ack<T>> {
  return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
}

/** Emits a command and returns the ack data, failing the test on `ok: false`. */
export async function callOk<T = unknown>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  const ack = await call<T>(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

export interface TestServerOptions {
  policy?: Policy;
  allowedOrigins?: string[] | null;
  dataDir?: string;
  webhook?: { url: string; secret: string; retryDelaysMs?: number[] };
  /** Load shedding (off unless given). */
  overload?: { lagMs: number; holdMs?: number };
}

/** Starts a real server; every client it opens is closed by `close()`. */
export async function startTestServer(options: TestServerOptions = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'besoin-test-'));
  const store = openSqliteStore(path.join(dataDir, 'besoin-daide.sqlite'));
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = createApp(
    { store, policy: options.policy ?? DEFAULT_POLICY, logger },
    { allowedOrigins: options.allowedOrigins ?? null, webhook: options.webhook ?? null, overload: options.overload ?? null },
  );
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const sockets: Socket[] = [];

  function open<S extends Socket>(namespace: string, auth: Record<string, unknown>, extra: Record<string, unknown> = {}): S {
    const socket = connect(`${url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, ...extra });
    sockets.push(socket);
    return socket as S;
  }

  return {
    url,
    app,
    store,
    dataDir,
    /** A visitor socket; resolves once `session:ready` arrived. */
    async visitor(visitorToken?: string) {
      const socket = open<VisitorClient>('/visitor', { protocol: PROTOCOL_VERSION, ...(visitorToken ? { visitorToken } : {}) });
      const ready = await nextEvent<{ visitorToken: string; activeChat: unknown }>(socket, 'session:ready');
      return { socket, ready };
    },
    /** Creates an agent account and returns its credentials. */
    async createAgent(input: { login: string; name?: string; role?: Role; departments?: Department[]; maxChats?: number }) {
      const password = 'correct-horse-battery';
      const agent = await app.agents.create({
        login: input.login, name: input.name ?? input.login, password, role: input.role ?? 'agent',
        departments: input.departments ?? ['technical'], maxChats: input.maxChats ?? null,
      });
      return { agent, password };
    },
    /** Logs in over HTTP and connects an agent socket; resolves once `session:ready` arrived. */
    async agent(login: string, password = 'correct-horse-battery') {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }),
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
      const { token } = (await res.json()) as { token: string };
      const socket = open<AgentClient>('/agent', { protocol: PROTOCOL_VERSION, token });
      const ready = await nextEvent<{ agent: { id: string; status: string }; chats: unknown[] }>(socket, 'session:ready');
      return { socket, token, ready };
    },
    /** A raw socket with any auth, for handshake tests. */
    raw: (namespace: string, auth: Record<string, unknown>, extra?: Record<string, unknown>) => open<Socket>(namespace, auth, extra),
    /** Closes clients, server and store; the data directory is removed unless given or `keepData`. */
    async close(closeOptions: { keepData?: boolean } = {}) {
      for (const s of sockets) s.disconnect();
      await app.close();
      await store.close();
      if (!options.dataDir && !closeOptions.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** A valid chat:start payload. */
export function chatStart(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Alice Martin', email: 'alice@example.com', department: 'technical',
    subject: 'Site en panne', message: 'Bonjour, mon site ne répond plus.', ...overrides,
  };
}
