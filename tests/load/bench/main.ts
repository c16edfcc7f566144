// Load benchmark: Besoin d'aide against a bare Socket.IO relay, at the same load, in one run.
//   pnpm bench            full: 5,000 visitors, 200 agents, 1,000 msg/s, 60 s window (a few minutes)
//   pnpm bench --quick    1,000 visitors, 50 agents, 300 msg/s, 10 s window (under a minute)
// Each server runs in its own child process; the clients (real socket.io-client sockets on
// 127.0.0.1) run in other child processes. See BENCHMARKS.md for the method.
import { codeVersion, machineInfo, profileText, ratios, table, targetsText, verdicts, writeResults } from './report';
import { chattingVisitors, parseOptions } from './options';
import { cleanUpNow, stopAllChildren } from './processes';
import { summarizeProfile, type ProfileSummary } from './profile';
import { CLOCK_TICKS, machineCpuSeconds, percentOfCore } from './procstat';
import { runScenario, type TargetResult } from './scenario';
import { sleep } from './stats';
import { benchPolicy, startBesoin, startRelay } from './targets';

const began = Date.now();
const log = (line: string) => console.log(line);
/** A progress line, with the time since the start. */
const progress = (line: string) => console.log(`${line}  [${((Date.now() - began) / 1000).toFixed(1)} s]`);

// Never leave a server or a client process behind: on any exit, and on Ctrl-C.
process.on('exit', cleanUpNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the benchmark's processes …`);
    void stopAllChildren(3000).finally(() => process.exit(130));
  });
}
// The whole run is bounded too.
const o = (() => {
  try {
    return parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
})();
const budgetMs = (o.targets.length * (o.warmupSeconds + o.durationSeconds + 240) + 60) * 1000;
setTimeout(() => {
  console.error(`the benchmark did not finish within ${Math.round(budgetMs / 1000)} s; stopping`);
  void stopAllChildren(3000).finally(() => process.exit(1));
}, budgetMs).unref();

async function main(): Promise<number> {
  const machine = machineInfo();
  const code = codeVersion();
  const chatting = chattingVisitors(o);
  log(`Load benchmark (${o.mode}): Besoin d'aide vs a bare Socket.IO relay`);
  log(`  machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGB} GB, node ${machine.node}, load average ${machine.loadAverage.join(' ')}`);
  log(`  code: commit ${code.commit}${code.uncommitted.length ? ` + ${code.uncommitted.length} uncommitted server/shared changes` : ''}`);
  log(`  load: ${o.visitors} visitors (${chatting} chatting, ${o.visitors - chatting} idle), ${o.agents} agents × ${o.maxChats} chats, ` +
    `${o.rate} msg/s offered, warm-up ${o.warmupSeconds} s, window ${o.durationSeconds} s`);
  // Other processes on the machine disturb every figure: say how busy it was just before.
  const idle0 = machineCpuSeconds();
  await sleep(1000);
  const busyBefore = percentOfCore(idle0.busy, machineCpuSeconds().busy, 1);
  log(`  machine busy before the run: ${busyBefore} % of one core${busyBefore > 25 ? ' (other processes are running: the figures will be disturbed)' : ''}`);
  log(`  our server: SQLITE_SYNCHRONOUS=${o.sqliteSynchronous}, data dir in ${o.dataDirParent}, LOG_LEVEL=warn, policy limits ${JSON.stringify(benchPolicy.limits)}${o.profile ? ', --cpu-prof' : ''}`);

  const results: TargetResult[] = [];
  let profile: ProfileSummary | null = null;
  for (const kind of o.targets) {
    progress(`\n▶ ${kind === 'besoin' ? "Besoin d'aide" : 'bare Socket.IO relay'}`);
    const result = await runScenario(() => (kind === 'besoin' ? startBesoin(o) : startRelay(o)), o, progress);
    results.push(result);
    if (result.profileDir) profile = summarizeProfile(result.profileDir, result.windowMono);
  }

  const ours = results.find((r) => r.kind === 'besoin') ?? null;
  const relay = results.find((r) => r.kind === 'relay') ?? null;
  const r = ours && relay ? ratios(ours, relay) : null;
  log(`\nResults (${o.mode}; latencies in ms; measured window ${o.durationSeconds} s after ${o.warmupSeconds} s of warm-up)`);
  log(table(results, r));
  const list = ours ? verdicts(o, ours, r) : [];
  if (ours) log(`\nTargets\n${targetsText(list, o)}`);
  log('\nMethod: latency = receive time − send time on the machine-wide monotonic clock (send time carried in the message text);' +
    '\n  memory per idle visitor = (server RSS and heap after a forced GC with N idle visitors connected − before) / N;' +
    '\n  CPU = utime+stime of the server process from /proc over the window, as % of one core.');
  if (profile) log(`\n${profileText(profile)}`);
  const problems = results.filter((x) => x.serverLogProblems > 0).map((x) => `${x.label}: ${x.serverLogProblems} warn/error log lines`);
  if (problems.length) log(`\nServer logs: ${problems.join('; ')}`);

  const file = writeResults(`${o.mode}${o.custom ? '-custom' : ''}`, {
    benchmark: "Besoin d'aide vs bare Socket.IO relay",
    mode: o.mode,
    finishedAt: new Date().toISOString(),
    code,
    machine: { ...machine, busyBeforePercentOfCore: busyBefore, loadAverageAtEnd: machineInfo().loadAverage, clockTicks: CLOCK_TICKS },
    settings: { ...o, chattingVisitors: chatting, idleVisitors: o.visitors - chatting, policy: benchPolicy, logLevel: 'warn' },
    results,
    ratios: r,
    targets: list,
    profile,
  });
  log(`\nJSON results: ${file}`);
  return 0;
}

main().then(
  async (code) => {
    await stopAllChildren(3000);
    process.exit(code);
  },
  async (error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    await stopAllChildren(3000);
    process.exit(1);
  },
);
