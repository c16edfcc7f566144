import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './options';
import type { ProfileSummary } from './profile';
import type { TargetResult } from './scenario';

// The human-readable table, the targets (PASS/MISS), and the JSON results file.

/** The machine the run happened on. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** The commit measured, and the server/shared files that differed from it (uncommitted edits). */
export function codeVersion(): { commit: string; uncommitted: string[] } {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', timeout: 10_000, cwd: fileURLToPath(new URL('../../../', import.meta.url)) }).trim();
    } catch {
      return '';
    }
  };
  return { commit: git('rev-parse', '--short', 'HEAD') || 'unknown', uncommitted: git('status', '--porcelain', '--', 'server', 'shared').split('\n').filter(Boolean) };
}

/** One target and how this run did against it. */
export interface TargetVerdict {
  target: string;
  measured: string;
  verdict: 'PASS' | 'MISS' | 'not judged';
}

const RATIO = 1.5;
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? Math.round((a / b) * 100) / 100 : NaN);

/** Our figures divided by the relay's. */
export function ratios(ours: TargetResult, relay: TargetResult) {
  return {
    visitorToAgentP50: ratio(ours.latency.visitorToAgent.p50, relay.latency.visitorToAgent.p50),
    visitorToAgentP99: ratio(ours.latency.visitorToAgent.p99, relay.latency.visitorToAgent.p99),
    agentToVisitorP50: ratio(ours.latency.agentToVisitor.p50, relay.latency.agentToVisitor.p50),
    agentToVisitorP99: ratio(ours.latency.agentToVisitor.p99, relay.latency.agentToVisitor.p99),
    cpu: ratio(ours.cpu.serverPercentOfCore, relay.cpu.serverPercentOfCore),
    memoryPerIdleVisitor: ratio(ours.memory.perIdleVisitorKB.judged, relay.memory.perIdleVisitorKB.judged),
    throughput: ratio(ours.throughput.deliveredPerSecond, relay.throughput.deliveredPerSecond),
  };
}
export type Ratios = ReturnType<typeof ratios>;

/** Whether this run's load is the one the targets are stated for. */
export const judged = (o: BenchOptions) => o.mode === 'full' && o.visitors >= 5000 && o.agents >= 200 && o.rate >= 1000 && o.durationSeconds >= 30;

/** Answers `rate_limited` in the window: with the benchmark's policy (limits far above the load) only load shedding gives them. */
const shedCount = (r: TargetResult) => Object.entries(r.errors).filter(([k]) => k.endsWith(' rate_limited')).reduce((sum, [, n]) => sum + n, 0);

/** Our results against the project's targets (judged only at full load). */
export function verdicts(o: BenchOptions, ours: TargetResult, r: Ratios | null): TargetVerdict[] {
  const v = (ok: boolean): TargetVerdict['verdict'] => (judged(o) ? (ok ? 'PASS' : 'MISS') : 'not judged');
  const c = ours.connections;
  const t = ours.throughput;
  const lat = ours.latency.visitorToAgent;
  const m = ours.memory.perIdleVisitorKB;
  const list: TargetVerdict[] = [
    {
      target: 'one node holds 5,000 connected visitors and 200 agents',
      measured: `${c.visitors}/${c.visitorsExpected} visitors, ${c.agents}/${c.agentsExpected} agents connected at the end`,
      verdict: v(c.visitors >= 5000 && c.agents >= 200 && c.visitors === c.visitorsExpected && c.agents === c.agentsExpected),
    },
    {
      target: '1,000 messages/s sustained (mean ≥ 97 %, slowest second ≥ 80 %)',
      measured: `${t.deliveredPerSecond} msg/s delivered (slowest second ${t.slowestSecond}), ${ours.errorCount} errors (${shedCount(ours)} of them rate_limited by load shedding)`,
      verdict: v(t.deliveredPerSecond >= 970 && t.slowestSecond >= 800),
    },
    { target: 'p99 visitor→agent ≤ 50 ms', measured: `${lat.p99} ms`, verdict: v(lat.p99 <= 50) },
  ];
  if (r) {
    list.push(
      { target: `visitor→agent p50 ≤ ${RATIO}× the relay's`, measured: `${r.visitorToAgentP50}×`, verdict: v(r.visitorToAgentP50 <= RATIO) },
      { target: `visitor→agent p99 ≤ ${RATIO}× the relay's`, measured: `${r.visitorToAgentP99}×`, verdict: v(r.visitorToAgentP99 <= RATIO) },
    );
  }
  list.push({
    target: '≤ 20 KB server memory per idle connected visitor',
    measured: `${m.judged} KB (larger of RSS ${m.rss} KB and heap + external ${m.heapPlusExternal} KB)`,
    verdict: v(m.judged <= 20),
  });
  return list;
}

/** Events the clients received in the window (acks excluded), all kinds together. */
const eventsReceived = (r: TargetResult) => Object.entries(r.counts).filter(([k]) => k.startsWith('recv ')).reduce((sum, [, n]) => sum + n, 0);
const fmt = (x: number) => (Number.isFinite(x) ? String(x) : '–');
const lat3 = (s: { p50: number; p95: number; p99: number }) => `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)}`;
const errs = (r: TargetResult) => {
  const total = Object.values(r.errorsTotal).reduce((s, x) => s + x, 0);
  const shed = shedCount(r);
  return `${r.errorCount} (run: ${total})${shed > 0 ? `, shed ${shed}` : ''}`;
};

/** The comparison table (our server, the relay, ratio). */
export function table(results: TargetResult[], r: Ratios | null): string {
  const cols = results.map((x) => x.label);
  const rows: [string, ...string[]][] = [];
  const row = (label: string, f: (x: TargetResult) => string, ratioText = '') =>
    rows.push([label, ...results.map(f), ...(r && results.length === 2 ? [ratioText] : [])]);
  row('connected visitors / agents', (x) => `${x.connections.visitors} / ${x.connections.agents}`);
  row('delivered messages/s (both ways)', (x) => fmt(x.throughput.deliveredPerSecond), r ? `${fmt(r.throughput)}×` : '');
  row('  slowest second', (x) => fmt(x.throughput.slowestSecond));
  row('visitor→agent ms p50 / p95 / p99', (x) => lat3(x.latency.visitorToAgent), r ? `${fmt(r.visitorToAgentP50)}× / ${fmt(r.visitorToAgentP99)}× (p50/p99)` : '');
  row('agent→visitor ms p50 / p95 / p99', (x) => lat3(x.latency.agentToVisitor), r ? `${fmt(r.agentToVisitorP50)}× / ${fmt(r.agentToVisitorP99)}× (p50/p99)` : '');
  row('  samples v→a / a→v', (x) => `${x.latency.visitorToAgent.n} / ${x.latency.agentToVisitor.n}`);
  row('message:send ack ms p50 / p99 (visitor)', (x) => `${fmt(x.latency.visitorSendAck.p50)} / ${fmt(x.latency.visitorSendAck.p99)}`);
  row('queue wait ms p50 / p99', (x) => `${fmt(x.latency.queueWait.p50)} / ${fmt(x.latency.queueWait.p99)}`);
  row('chats started / ended (visitor) / closed / converted', (x) =>
    [x.counts['chats started'], x.counts['chats ended by visitor'], x.counts['chats closed by agent'], x.counts['chats converted']].map((n) => n ?? 0).join(' / '));
  row('server→client events/s (all kinds)', (x) => fmt(Math.round(eventsReceived(x) / x.windowSeconds)));
  row('typing events sent / received', (x) => `${x.counts['typing sent'] ?? 0} / ${x.counts['typing received'] ?? 0}`);
  row('errors in window (whole run)', errs);
  row('server CPU, % of one core', (x) => fmt(x.cpu.serverPercentOfCore), r ? `${fmt(r.cpu)}×` : '');
  row('event-loop delay ms p50 / p99 / max', (x) => (x.eventLoop ? `${fmt(x.eventLoop.p50)} / ${fmt(x.eventLoop.p99)} / ${fmt(x.eventLoop.max)}` : 'no answer'));
  row('  stalls > 1 s: count, total s', (x) => (x.eventLoop ? `${x.eventLoop.stallsOver1s}, ${fmt(x.eventLoop.stalledSeconds)}` : 'no answer'));
  row('main thread: on CPU / waiting for CPU / disk wait %', (x) =>
    `${fmt(x.mainThread.onCpuPercent)} / ${fmt(x.mainThread.waitingForCpuPercent)} / ${fmt(x.mainThread.diskWaitPercent)}`);
  row('load generators / interrupts / steal / other', (x) =>
    `${fmt(x.cpu.clientsPercentOfCore)} / ${fmt(x.cpu.interruptsPercentOfCore)} / ${fmt(x.cpu.stealPercentOfCore)} / ${fmt(x.cpu.otherPercentOfCore)}`);
  row(`machine busy, % of one core (max ${os.cpus().length * 100})`, (x) => fmt(x.cpu.machineBusyPercentOfCore));
  row('server RSS MB max (mean)', (x) => `${fmt(x.rssMB.max)} (${fmt(x.rssMB.mean)})`);
  row('memory per idle visitor KB (RSS / heap+ext)', (x) => `${fmt(x.memory.perIdleVisitorKB.judged)} (${fmt(x.memory.perIdleVisitorKB.rss)} / ${fmt(x.memory.perIdleVisitorKB.heapPlusExternal)})`,
    r ? `${fmt(r.memoryPerIdleVisitor)}×` : '');
  const header: [string, ...string[]] = ['', ...cols, ...(r && results.length === 2 ? ['ours / relay'] : [])];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((line) => (line[i] ?? '').length)));
  return all.map((line) => line.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** The targets block. */
export function targetsText(list: TargetVerdict[], o: BenchOptions): string {
  const lines = list.map((t) => `  ${t.verdict.padEnd(10)} ${t.target}: ${t.measured}`);
  if (!judged(o)) lines.push('  (targets are judged only in full mode at full load: 5,000 visitors, 200 agents, 1,000 msg/s, ≥ 30 s window)');
  return lines.join('\n');
}

/** The profile block. */
export function profileText(p: ProfileSummary): string {
  const rows = (list: ProfileSummary['functions']) => list.map((x) => `  ${String(x.percent).padStart(5)} %  ${String(x.selfMs).padStart(7)} ms  ${x.name}`).join('\n');
  const span = p.windowOnly ? 'in the measured window' : 'over the whole run';
  return `CPU profile of our server's main thread: ${p.busyMs} ms of samples ${span} that were not idle (time blocked in system calls such as fsync included)\n  ${p.file}\n` +
    `Top self time by function:\n${rows(p.functions)}\nBy area:\n${rows(p.areas)}`;
}

/** Writes tests/load/results/bench-<mode>.json; returns its path. */
export function writeResults(mode: string, body: unknown): string {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}bench-${mode}.json`;
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
