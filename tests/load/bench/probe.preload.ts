// Loaded with `--import` into the server under test (ours and the relay) — no server code changes.
// It answers the benchmark's `mem` request over the IPC channel (a full GC when node runs with
// --expose-gc, then process.memoryUsage()), and stops the server if the benchmark goes away.
import type { IpcRequest, IpcResponse } from './processes';

const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', (raw) => {
  const msg = raw as IpcRequest;
  if (msg.cmd !== 'mem') return;
  void (async () => {
    // A few collections with turns of the event loop between them, so that what only
    // finalizers or weak references held is gone too.
    for (let i = 0; i < 3 && gc; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const reply: IpcResponse = { id: msg.id, ok: true, data: { ...process.memoryUsage(), gc: Boolean(gc) } };
    if (process.connected) process.send?.(reply);
  })();
});

// The benchmark died or closed the channel: shut the server down the way it expects (SIGTERM).
process.on('disconnect', () => {
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(1), 10_000).unref();
});
