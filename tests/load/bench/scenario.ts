import { fileURLToPath } from 'node:url';
import type { AgentsArgs, ChattersArgs, IdleArgs, Pace, WindowArgs } from './commands';
import { chattingVisitors, type BenchOptions } from './options';
import { cpuSeconds, machineCpuSeconds, percentOfCore, rssBytes, startThreadSampler } from './procstat';
import { startChild, type ChildHandle } from './processes';
import type { ChildReport } from './recorder';
import { addCounts, monoMs, sleep, summarize, type Summary } from './stats';
import type { LoopReading, MemoryReading, Target } from './targets';

// One scenario against one server: agents online, idle visitors (memory per connection), then
// chatting visitors at the offered rate; after a warm-up, a measured window.

const testsDir = fileURLToPath(new URL('../../', import.meta.url));
const childFile = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** Everything measured against one server. */
export interface TargetResult {
  kind: Target['kind'];
  label: string;
  setup: { agentsOnline: number; agentsSeconds: number; idleVisitors: number; idleSeconds: number; chattingVisitors: number };
  memory: { before: MemoryReading; after: MemoryReading; perIdleVisitorKB: { rss: number; heap: number; heapPlusExternal: number; judged: number } };
  windowSeconds: number;
  throughput: { deliveredPerSecond: number; visitorToAgentPerSecond: number; agentToVisitorPerSecond: number; slowestSecond: number; perSecond: number[] };
  latency: { visitorToAgent: Summary; agentToVisitor: Summary; visitorSendAck: Summary; agentSendAck: Summary; queueWait: Summary };
  counts: Record<string, number>;
  errors: Record<string, number>;
  errorsTotal: Record<string, number>;
  errorCount: number;
  connections: { visitors: number; visitorsExpected: number; agents: number; agentsExpected: number; serverVisitorSockets: number | null };
  cpu: {
    serverPercentOfCore: number; clientsPercentOfCore: number; machineBusyPercentOfCore: number;
    interruptsPercentOfCore: number; stealPercentOfCore: number; otherPercentOfCore: number;
  };
  /** Event-loop delay over the window (from the probe inside the server), null if it did not answer. */
  eventLoop: LoopReading | null;
  /** Where the server's main thread spent the window (the event loop: everything but a few helper threads). */
  mainThread: ReturnType<ReturnType<typeof startThreadSampler>['stop']>;
  rssMB: { max: number; mean: number; end: number };
  serverLogProblems: number;
  /** Where --cpu-prof wrote the server's profile (ours, with --profile), and the window on the monotonic clock (ms). */
  profileDir: string | null;
  windowMono: WindowArgs;
}

/**
 * Server memory per idle visitor, in KB: the growth of RSS, of the JS heap, and of heap + external
 * (Buffers), divided by the visitors; `judged` is the larger of RSS and heap + external, since an
 * RSS delta alone may hide memory reused from freed allocations (and the heap omits native memory).
 */
function perIdleVisitor(before: MemoryReading, after: MemoryReading, n: number) {
  const per = (bytes: number) => kb(bytes / Math.max(1, n));
  const rss = per(after.rss - before.rss);
  const heapPlusExternal = per(after.heapUsed + after.external - before.heapUsed - before.external);
  return { rss, heap: per(after.heapUsed - before.heapUsed), heapPlusExternal, judged: Math.max(rss, heapPlusExternal) };
}

/** Splits `total` into `parts` near-equal integers. */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
const kb = (bytes: number) => Math.round((bytes / 1024) * 100) / 100;
const sumOf = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** Starts the client processes and the server (in parallel), runs the load against it, and measures it. */
export async function runScenario(startTarget: () => Promise<Target>, o: BenchOptions, log: (line: string) => void): Promise<TargetResult> {
  const clients: ChildHandle[] = [];
  const start = (name: string, file: string) => {
    const child = startChild(name, childFile(file), { cwd: testsDir, execArgv: ['--import', 'tsx'] });
    clients.push(child);
    return child;
  };
  let target: Target | null = null;
  try {
    const visitorProcs = Array.from({ length: o.visitorProcesses }, (_, i) => start(`visitors ${i}`, 'visitors.child.ts'));
    const agentProcs = Array.from({ length: o.agentProcesses }, (_, i) => start(`agents ${i}`, 'agents.child.ts'));
    const started = startTarget();
    // A failed start must not leave the other promise unobserved.
    const ready = await Promise.allSettled([started, ...clients.map((c) => c.request('ping', {}, 120_000))]);
    if (ready[0]!.status === 'fulfilled') target = ready[0]!.value;
    const failed = ready.find((r) => r.status === 'rejected');
    if (failed || !target) throw (failed as PromiseRejectedResult | undefined)?.reason ?? new Error('server did not start');
    const t = target;
    log(`  server and client processes started`);
    const chatting = chattingVisitors(o);
    const idle = o.visitors - chatting;
    // The offered messages split between the sides as a chat splits them — k visitor messages
    // (after the one in chat:start) for k + 1 agent messages (greeting, replies) — then shared
    // among the processes of each side.
    const k = (o.messagesPerChat[0] + o.messagesPerChat[1]) / 2;
    const sideShare = { visitor: k / (2 * k + 1), agent: (k + 1) / (2 * k + 1) };
    const pace = (side: keyof typeof sideShare, share: number): Pace =>
      ({ readMs: [100, 400], typeMs: [150, 500], ratePerSecond: o.rate * sideShare[side] * share });

    // Memory first, on the freshly started server: before and after the idle visitors connect.
    await sleep(500);
    const before = await t.memory();
    let t0 = monoMs();
    const idleShares = split(idle, visitorProcs.length);
    const idleDone = await Promise.all(visitorProcs.map((p, i) =>
      p.request<{ connected: number }>('idle', { url: t.url, count: idleShares[i]!, concurrency: 100 } satisfies IdleArgs, 600_000)));
    const idleConnected = sumOf(idleDone.map((r) => r.connected));
    const idleSeconds = (monoMs() - t0) / 1000;
    await sleep(500);
    const after = await t.memory();
    log(`  ${idleConnected}/${idle} idle visitors connected (${idleSeconds.toFixed(1)} s); server RSS ${mb(before.rss)} → ${mb(after.rss)} MB, heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB`);

    // Agents log in and go online, then the chatting visitors connect and start their chats
    // (spread over most of the warm-up, so that the window sees the steady state).
    t0 = monoMs();
    const accountShares = split(t.accounts.length, agentProcs.length);
    let offset = 0;
    const online = await Promise.all(agentProcs.map((p, i) => {
      const accounts = t.accounts.slice(offset, (offset += accountShares[i]!));
      const args: AgentsArgs = { url: t.url, accounts, login: t.login, concurrency: 16, pace: pace('agent', accounts.length / t.accounts.length) };
      return p.request<{ online: number; errors: Record<string, number> }>('agents', args, 300_000);
    }));
    const agentsOnline = sumOf(online.map((r) => r.online));
    const agentsSeconds = (monoMs() - t0) / 1000;
    log(`  ${agentsOnline}/${o.agents} agents ${t.login ? 'logged in, connected' : 'connected'} and online (${agentsSeconds.toFixed(1)} s)`);
    if (agentsOnline < o.agents) log(`  agent failures: ${JSON.stringify(online.reduce((acc, r) => addCounts(acc, r.errors), {} as Record<string, number>))}`);
    // A partial start is measured and reported (the connection figures show it); none at all is a failure.
    if (agentsOnline === 0) throw new Error('no agent came online');

    const chatShares = split(chatting, visitorProcs.length);
    await Promise.all(visitorProcs.map((p, i) => {
      const args: ChattersArgs = {
        url: t.url, count: chatShares[i]!, concurrency: 50, rampMs: o.warmupSeconds * 750, pace: pace('visitor', chatShares[i]! / chatting),
        messagesPerChat: o.messagesPerChat, endings: o.endings, maxChatMs: 120_000, prefix: `${t.kind}${i}`,
      };
      return p.request('chatters', args, 600_000);
    }));
    const windowArgs: WindowArgs = { start: monoMs() + o.warmupSeconds * 1000, end: 0 };
    windowArgs.end = windowArgs.start + o.durationSeconds * 1000;
    await Promise.all(clients.map((c) => c.request('window', windowArgs, 10_000)));
    log(`  ${chatting} chatting visitors connected; warm-up ${o.warmupSeconds} s, then measuring ${o.durationSeconds} s …`);

    await sleep(windowArgs.start - monoMs());
    const pid = t.child.pid;
    const cpu0 = { server: cpuSeconds(pid), clients: sumOf(clients.map((c) => cpuSeconds(c.pid))), machine: machineCpuSeconds(), self: process.cpuUsage() };
    const sampler = startThreadSampler(pid);
    void t.loop(); // starts the window's event-loop delay histogram
    const rss: number[] = [];
    while (monoMs() < windowArgs.end) {
      rss.push(rssBytes(pid));
      await sleep(Math.min(1000, Math.max(0, windowArgs.end - monoMs())));
    }
    const mainThread = sampler.stop();
    const wall = (monoMs() - windowArgs.start) / 1000;
    const self = process.cpuUsage(cpu0.self);
    const cpu1 = { server: cpuSeconds(pid), clients: sumOf(clients.map((c) => cpuSeconds(c.pid))), machine: machineCpuSeconds() };
    rss.push(rssBytes(pid));
    const eventLoopReading = t.loop();
    const serverVisitorSockets = await t.serverVisitorSockets();
    // Messages sent just before the end are still on their way: let them arrive.
    await sleep(o.mode === 'quick' ? 1000 : 2000);
    const eventLoop = await eventLoopReading;
    const reports = await Promise.all(clients.map((c) => c.request<ChildReport>('report', {}, 60_000)));
    await Promise.all(clients.map((c) => c.request('stop', {}, 30_000).catch(() => null)));

    const side = (role: ChildReport['role']) => reports.filter((r) => r.role === role);
    const merge = (role: ChildReport['role'], pick: (r: ChildReport) => number[]) => side(role).flatMap(pick);
    const perSecond = Array.from({ length: o.durationSeconds }, (_, s) => sumOf(reports.map((r) => r.perSecond[s] ?? 0)));
    const delivered = (role: ChildReport['role']) => sumOf(side(role).map((r) => r.delivered));
    const errors = reports.reduce((acc, r) => addCounts(acc, r.errors), {} as Record<string, number>);
    const serverCpu = percentOfCore(cpu0.server, cpu1.server, wall);
    const clientsCpu = percentOfCore(cpu0.clients, cpu1.clients, wall);
    const machineCpu = percentOfCore(cpu0.machine.busy, cpu1.machine.busy, wall);
    const interrupts = percentOfCore(cpu0.machine.interrupts, cpu1.machine.interrupts, wall);
    const steal = percentOfCore(cpu0.machine.steal, cpu1.machine.steal, wall);
    const selfCpu = ((self.user + self.system) / 1e6 / wall) * 100;
    return {
      kind: t.kind,
      label: t.label,
      setup: { agentsOnline, agentsSeconds: +agentsSeconds.toFixed(1), idleVisitors: idleConnected, idleSeconds: +idleSeconds.toFixed(1), chattingVisitors: chatting },
      memory: {
        before, after,
        perIdleVisitorKB: perIdleVisitor(before, after, idleConnected),
      },
      windowSeconds: +wall.toFixed(2),
      throughput: {
        deliveredPerSecond: +((delivered('visitor') + delivered('agent')) / wall).toFixed(1),
        visitorToAgentPerSecond: +(delivered('agent') / wall).toFixed(1),
        agentToVisitorPerSecond: +(delivered('visitor') / wall).toFixed(1),
        slowestSecond: Math.min(...perSecond),
        perSecond,
      },
      latency: {
        visitorToAgent: summarize(merge('agent', (r) => r.latency)),
        agentToVisitor: summarize(merge('visitor', (r) => r.latency)),
        visitorSendAck: summarize(merge('visitor', (r) => r.sendAck)),
        agentSendAck: summarize(merge('agent', (r) => r.sendAck)),
        queueWait: summarize(merge('visitor', (r) => r.queueWait)),
      },
      counts: reports.reduce((acc, r) => addCounts(acc, r.counts), {} as Record<string, number>),
      errors,
      errorsTotal: reports.reduce((acc, r) => addCounts(acc, r.errorsTotal), {} as Record<string, number>),
      errorCount: sumOf(Object.values(errors)),
      connections: {
        visitors: sumOf(side('visitor').map((r) => r.connected)),
        visitorsExpected: o.visitors,
        agents: sumOf(side('agent').map((r) => r.connected)),
        agentsExpected: o.agents,
        serverVisitorSockets,
      },
      cpu: {
        serverPercentOfCore: serverCpu,
        clientsPercentOfCore: clientsCpu,
        machineBusyPercentOfCore: machineCpu,
        interruptsPercentOfCore: interrupts,
        stealPercentOfCore: steal,
        // What no process of ours accounts for (other processes); clamped: per-process and machine counters differ slightly.
        otherPercentOfCore: Math.max(0, Math.round((machineCpu - serverCpu - clientsCpu - selfCpu - interrupts - steal) * 10) / 10),
      },
      mainThread,
      eventLoop,
      rssMB: { max: mb(Math.max(...rss)), mean: mb(sumOf(rss) / rss.length), end: mb(rss.at(-1) ?? 0) },
      serverLogProblems: t.child.problemLines(),
      profileDir: t.profileDir,
      windowMono: windowArgs,
    };
  } finally {
    await Promise.all(clients.map((c) => c.stop(5000)));
    await target?.close();
  }
}
