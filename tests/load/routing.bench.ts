// Routing benchmark: assignment latency with many agents and a long queue.
//   pnpm bench:routing            (1,000 agents, 10,000 queued chats)
//   pnpm bench:routing --quick    (100 agents, 1,000 queued chats)
// A real server (createApp, SQLite file, Socket.IO) in this process; agents are real
// socket.io clients on 127.0.0.1, all but 20 of them in a child process. Every agent is full, so each freed slot is refilled from the
// queue: we measure (1) the assignment — routing pass started → the next chat's reservation
// durable in the store (what besoin_assignment_seconds records) — and the whole pass, which
// also stores and sends the "joined" message; (2) end to end, an agent's chat:close →
// chat:assigned received.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parsePolicy } from '@besoin/shared';
import { hashToken } from '@besoin/server';
import { io, type Socket } from 'socket.io-client';
import { once } from '../support/clients';
import { startServer } from '../support/server';

const quick = process.argv.includes('--quick');
// --normal: SQLITE_SYNCHRONOUS=NORMAL (no fsync per commit), to separate routing from disk cost.
const synchronous = process.argv.includes('--normal') ? 'NORMAL' : 'FULL';
const AGENTS = quick ? 100 : 1000;
const QUEUED = quick ? 1000 : 10_000;
const MAX_CHATS = 3;
const SAMPLES = quick ? 100 : 300;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: +pct(s, 50).toFixed(3), p99: +pct(s, 99).toFixed(3), max: +s.at(-1)!.toFixed(3), n: s.length };
};

/** Wraps every store method to sum the time each takes per pass (p50/p99 per method). */
function timeStoreCalls(target: object) {
  const record = target as Record<string, unknown>;
  const originals = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  let current = new Map<string, number>();
  /** When each method last returned (performance.now()). */
  const endedAt = new Map<string, number>();
  const samples = new Map<string, number[]>();
  let passes = 0;
  for (let proto = Object.getPrototypeOf(target) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const fn = record[name];
      if (name === 'constructor' || typeof fn !== 'function' || originals.has(name)) continue;
      originals.set(name, fn as (...args: unknown[]) => Promise<unknown>);
    }
  }
  const own = new Set(Object.keys(record).filter((name) => typeof record[name] === 'function'));
  for (const name of own) originals.set(name, record[name] as (...args: unknown[]) => Promise<unknown>);
  for (const [name, fn] of originals) {
    record[name] = async (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return await fn.apply(target, args);
      } finally {
        const t1 = performance.now();
        current.set(name, (current.get(name) ?? 0) + t1 - t0);
        endedAt.set(name, t1);
      }
    };
  }
  return {
    endedAt,
    reset: () => { current = new Map(); },
    sample: () => {
      passes += 1;
      for (const [name, ms] of current) samples.set(name, [...(samples.get(name) ?? []), ms]);
    },
    report: () => Object.fromEntries([...samples].map(([name, xs]) => [name, { calls: xs.length, ...summary([...xs, ...Array<number>(passes - xs.length).fill(0)]) }])),
    restore: () => {
      for (const [name, fn] of originals) {
        if (own.has(name)) record[name] = fn;
        else delete record[name];
      }
    },
  };
}

const server = await startServer({
  synchronous,
  policy: parsePolicy({
    routing: { answerTimeoutSeconds: 86_400, agentGraceSeconds: 3600, visitorIdleMinutes: 100_000, noAgentTicketOfferMinutes: 100_000, defaultMaxChats: MAX_CHATS },
    // every client of the benchmark comes from 127.0.0.1
    limits: { connectionsPerIp: 100_000, messagesPerSecond: 100_000, messageBurst: 100_000, chatStartsPerMinutePerIp: 100_000 },
  }),
});
const { store, app } = server;
const now = () => new Date().toISOString();
const sockets: Socket[] = [];
let stopChild = () => {};
try {
  let t = performance.now();
  // Chats first (nobody online yet, so they all queue), then the agents come online and fill up.
  for (let i = 0; i < QUEUED + AGENTS * MAX_CHATS; i++) {
    const visitor = { id: `v${i}`, tokenHash: hashToken(`visitor-${i}`), createdAt: now() };
    await store.createVisitor(visitor);
    await store.createChat(
      { visitorId: visitor.id, department: 'technical', subject: `Demande ${i}`, visitorName: `Visiteur ${i}`, visitorEmail: `v${i}@example.com`, urgent: false, priority: 'normal', category: 'technical', locale: null, pageUrl: null },
      { clientMessageId: null, authorRole: 'visitor', authorName: `Visiteur ${i}`, authorId: null, text: 'Bonjour', internal: false },
      now(),
    );
  }
  console.log(`setup: ${QUEUED + AGENTS * MAX_CHATS} chats in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  const agentIds: string[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const agent = await store.createAgent({ login: `agent${i}`, name: `Agent ${i}`, role: 'agent', departments: ['technical'], maxChats: MAX_CHATS, passwordHash: 'bench' }, now());
    await store.setAgentStatus(agent!.id, 'online');
    const token = randomBytes(24).toString('base64url');
    await store.createSession({ tokenHash: hashToken(token), agentId: agent!.id, createdAt: now(), expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    agentIds.push(agent!.id);
    tokens.push(token);
  }
  // All agents but the ones the end-to-end part drives live in a child process, so that the
  // clients' work does not run in the server's event loop; the driven ones are here.
  const DRIVEN = 20;
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./agents.child.ts', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  stopChild = () => child.stdin.end('close\n');
  const childReady = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('agents child not ready')), 300_000);
    child.stdout.on('data', (d: Buffer) => {
      if (String(d).startsWith('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.stdin.write(`${JSON.stringify({ url: server.url, tokens: tokens.slice(DRIVEN) })}\n`);
  for (const token of tokens.slice(0, DRIVEN)) {
    const socket = io(`${server.url}/agent`, { auth: { protocol: 1, token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await once(socket, 'session:ready', 30_000);
  }
  await childReady;
  // wait until every agent is full
  for (let waited = 0; ; waited += 100) {
    const active = (await store.listActiveChats()).length;
    if (active === AGENTS * MAX_CHATS) break;
    if (waited > 600_000) throw new Error(`only ${active} chats assigned`);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`setup: ${AGENTS} agents online and full in ${((performance.now() - t) / 1000).toFixed(1)} s; ${(await store.listQueuedChats('technical')).length} chats queued`);

  // (1) the routing pass that refills a freed slot; store calls are timed to show where it goes
  const storeTime = timeStoreCalls(store);
  const pass: number[] = [];
  const reservation: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const agentId = agentIds[i % agentIds.length]!;
    const [chat] = await store.listActiveChatsOfAgent(agentId);
    await store.endChat(chat!.id, 'ended', now());
    storeTime.reset();
    const t0 = performance.now();
    await app.routing.drain('technical');
    pass.push(performance.now() - t0);
    reservation.push((storeTime.endedAt.get('assignChat') ?? Number.NaN) - t0);
    storeTime.sample();
    if ((await store.countActiveChats(agentId)) !== MAX_CHATS) throw new Error('the freed slot was not refilled');
  }

  storeTime.restore();
  // (2) end to end: chat:close from the agent's socket → chat:assigned on the same socket
  const e2e: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const index = i % sockets.length; // the agents driven from this process
    const socket = sockets[index]!;
    const [chat] = await store.listActiveChatsOfAgent(agentIds[index]!);
    const assigned = once(socket, 'chat:assigned', 30_000);
    const t0 = performance.now();
    await socket.timeout(30_000).emitWithAck('chat:close', { chatId: chat!.id });
    await assigned;
    e2e.push(performance.now() - t0);
  }

  const result = { synchronous, agents: AGENTS, queued: QUEUED, maxChats: MAX_CHATS, samples: SAMPLES, assignmentMs: summary(reservation), routingPassMs: summary(pass), storeCallsPerPassMs: storeTime.report(), closeToAssignedMs: summary(e2e) };
  console.log(JSON.stringify(result, null, 2));
} finally {
  stopChild();
  for (const s of sockets) s.disconnect();
  await server.close();
}
