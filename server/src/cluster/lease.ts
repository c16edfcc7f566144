import type { RedisClient } from '../store/redis/connection';

// The cluster's jobs (routing timers, long-conversation checks, SLA sweep) run on one node at a
// time: the node holding a Redis lease. The holder renews it every third of its time; a node
// that dies stops renewing and another takes it over within `ttlMs`. A holder that cannot reach
// Redis stops running jobs when its last renewal is `ttlMs` old, before anyone else can take over.

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Options of {@link createLease}. */
export interface LeaseOptions {
  key: string;
  nodeId: string;
  ttlMs: number;
  onChange?: (held: boolean) => void;
  onError?: (error: unknown) => void;
}

/** A lease on `key`; `held()` is true while this node may run the cluster's jobs. */
export function createLease(client: RedisClient, { key, nodeId, ttlMs, onChange, onError }: LeaseOptions) {
  let validUntil = 0;
  let timer: NodeJS.Timeout | null = null;
  let was = false;

  async function tick(): Promise<void> {
    const started = Date.now();
    try {
      const ok = was
        ? Number(await client.eval(RENEW, { keys: [key], arguments: [nodeId, String(ttlMs)] })) === 1
        : (await client.set(key, nodeId, { NX: true, PX: ttlMs })) === 'OK';
      // Counted from before the request: the lease in Redis cannot outlive our idea of it.
      validUntil = ok ? started + ttlMs : 0;
    } catch (error) {
      onError?.(error);
    }
    const now = held();
    if (now !== was) {
      was = now;
      onChange?.(now);
    }
  }

  function held(): boolean {
    return Date.now() < validUntil;
  }

  return {
    held,
    /** Tries to take the lease now, then every third of its time. */
    async start(): Promise<void> {
      await tick();
      timer = setInterval(() => void tick(), Math.max(50, Math.floor(ttlMs / 3)));
      timer.unref();
    },
    /** Stops renewing and gives the lease up, so that another node takes it over at once. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      if (was) await client.eval(RELEASE, { keys: [key], arguments: [nodeId] }).catch(() => undefined);
      validUntil = 0;
      was = false;
    },
  };
}

export type Lease = ReturnType<typeof createLease>;
