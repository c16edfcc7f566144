import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// In WAL mode SQLite copies the log back into the database file ("checkpoint") every 1,000
// pages, inside whichever commit crosses the mark: that commit then takes 5–15 ms instead of
// 0.3 ms, which was most of the routing tail (docs/ROUTING.md). Here a worker thread with its
// own connection runs PASSIVE checkpoints on a timer instead: they never block a writer, and
// the event loop that serves chats never waits for them. The main connection keeps a large
// auto-checkpoint as a backstop, so the log stays bounded even if the worker dies.

/** Auto-checkpoint threshold (pages) left on the main connection as a backstop (≈ 40 MB of log). */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;

// Plain CommonJS, evaluated in the worker: no TypeScript loader needed there.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error) }); }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ closed: true });
});
`;

/** Options of {@link startCheckpointer}. */
export interface CheckpointerOptions {
  file: string;
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
  intervalMs?: number;
  onError?: (message: string) => void;
}

/** A background checkpointer; `close` runs a last checkpoint and ends the worker. */
export interface Checkpointer {
  close(): Promise<void>;
}

/** Starts a worker thread that checkpoints the WAL of `file` every `intervalMs` (default 500). */
export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver, file: options.file, synchronous: options.synchronous,
      busyTimeoutMs: options.busyTimeoutMs, intervalMs: options.intervalMs ?? 500,
    },
  });
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => options.onError?.(String(error)));
  // After the listeners: attaching a 'message' listener refs the worker again.
  worker.unref();
  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.on('message', (message: { closed?: boolean }) => {
          if (message.closed) void worker.terminate();
        });
        worker.postMessage('close');
      });
      return closing;
    },
  };
}
