// Loaded with `--import` into the server under test (ours and the relay) — no server code changes.
// Over the IPC channel it answers `mem` (a full GC when node runs with --expose-gc, then
// process.memoryUsage()) and `loop` (event-loop delay since the previous `loop`: percentiles, and
// the stalls over 1 s), and it stops the server if the benchmark goes away.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IpcRequest, IpcResponse } from './processes';

const gc = (globalThis as { gc?: () => void }).gc;
// The histogram records the time between ticks of a 10 ms timer: the delay is that minus 10 ms.
const RESOLUTION_MS = 10;
const window = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
window.enable();
// The histogram counts one sample per turn of the loop, so a few very long turns weigh little in
// its percentiles: also measure, in wall time, how long timers could not run (gaps over 1 s
// between ticks of a 100 ms interval) — Engine.IO's heartbeats are such timers.
let lastTick = performance.now();
let stalls: number[] = [];
setInterval(() => {
  const now = performance.now();
  if (now - lastTick > 1000 && stalls.length < 1000) stalls.push(Math.round(now - lastTick));
  lastTick = now;
}, 100).unref();

const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4 - RESOLUTION_MS * 100) / 100);
const reply = (r: IpcResponse) => {
  if (process.connected) process.send?.(r);
};

process.on('message', (raw) => {
  const msg = raw as IpcRequest;
  if (msg.cmd === 'loop') {
    const data = {
      p50: ms(window.percentile(50)), p99: ms(window.percentile(99)), max: ms(window.max), mean: ms(window.mean),
      stallsOver1s: stalls.length, stalledSeconds: Math.round(stalls.reduce((a, b) => a + b, 0) / 100) / 10,
    };
    window.reset();
    stalls = [];
    reply({ id: msg.id, ok: true, data });
    return;
  }
  if (msg.cmd !== 'mem') return;
  void (async () => {
    // A few collections with turns of the event loop between them, so that what only
    // finalizers or weak references held is gone too.
    for (let i = 0; i < 3 && gc; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    reply({ id: msg.id, ok: true, data: { ...process.memoryUsage(), gc: Boolean(gc) } });
  })();
});

// The benchmark died or closed the channel: shut the server down the way it expects (SIGTERM).
process.on('disconnect', () => {
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(1), 10_000).unref();
});
