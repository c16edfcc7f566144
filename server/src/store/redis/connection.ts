import * as z from 'zod';
import { createClient } from 'redis';

// One node-redis connection per store. Scripts make every decision atomic, so the store needs
// no isolated connections (no WATCH), and node-redis pipelines concurrent calls on the one
// socket. Connection loss must never crash the process or hang a caller: errors go to a
// listener, the client reconnects with capped backoff for as long as the store is open, and
// commands issued meanwhile fail at once (no offline queue) or after a timeout.

/** A connected (or reconnecting) node-redis client. */
export type RedisClient = ReturnType<typeof createClient>;

/** Connection settings of {@link connectRedis}. */
export interface ConnectionOptions {
  url: string;
  /** Bound of one connection attempt (ms). */
  connectTimeoutMs?: number;
  /** A command with no reply after this long fails (ms); its effect, if any, is unknown. */
  commandTimeoutMs?: number;
  /** Connection errors (refused, reset, timeouts); the client reconnects by itself. */
  onError?: (error: Error) => void;
}

/** The longest wait between two reconnection attempts (ms). */
export const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Exponential backoff from 50 ms, capped at {@link MAX_RECONNECT_DELAY_MS}, with jitter so
 * that N server nodes do not all reconnect in the same instant. It never gives up: a server
 * must recover by itself when Redis comes back (readiness reports the outage meanwhile).
 */
export function reconnectDelay(retries: number): number {
  const ceiling = Math.min(50 * 2 ** Math.min(retries, 16), MAX_RECONNECT_DELAY_MS);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * Creates the client and waits for the first connection attempt (bounded by
 * `connectTimeoutMs`). When it fails the client is returned all the same and goes on
 * reconnecting in the background: the caller sees the outage through `ping()`.
 */
export async function connectRedis(options: ConnectionOptions): Promise<RedisClient> {
  const onError = options.onError ?? (() => undefined);
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs ?? 5000 },
    socket: { connectTimeout: options.connectTimeoutMs ?? 5000, reconnectStrategy: reconnectDelay },
  });
  // Without an 'error' listener an EventEmitter error would throw and crash the process.
  client.on('error', (error: unknown) => onError(toError(error)));
  const firstFailure = new Promise<void>((resolve) => {
    client.once('error', () => resolve());
  });
  const connected = client.connect().then(() => undefined, () => undefined);
  await Promise.race([connected, firstFailure]);
  return client;
}

/** Closes the client: gracefully when connected (bounded by `timeoutMs`), at once otherwise. */
export async function disconnectRedis(client: RedisClient, timeoutMs = 2000): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    client.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([client.close().then(() => 'closed' as const), timedOut]);
    if (outcome === 'timeout' && client.isOpen) client.destroy();
  } finally {
    clearTimeout(timer);
  }
}

const ScanReply = z.tuple([z.string(), z.array(z.string())]);

/** Escapes glob characters so that SCAN MATCH takes the prefix literally. */
function globLiteral(text: string): string {
  return text.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
}

/** Deletes every key under `prefix` (SCAN, not KEYS: the server stays responsive); answers how many. */
export async function deleteKeysUnder(client: RedisClient, prefix: string): Promise<number> {
  if (prefix.length === 0) throw new Error('refusing to delete every key of the Redis database');
  let cursor = '0';
  let deleted = 0;
  // SCAN ends when the cursor comes back to 0; the bound only guards against a server bug.
  for (let round = 0; round < 1_000_000; round += 1) {
    const [next, keys] = ScanReply.parse(
      await client.sendCommand(['SCAN', cursor, 'MATCH', `${globLiteral(prefix)}*`, 'COUNT', '500']),
    );
    if (keys.length > 0) deleted += z.number().parse(await client.sendCommand(['UNLINK', ...keys]));
    cursor = next;
    if (cursor === '0') return deleted;
  }
  throw new Error('SCAN did not finish');
}
