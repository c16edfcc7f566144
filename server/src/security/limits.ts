import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

// The one thing the security layer needs from a rate-limit store: a counter per key over a
// fixed window. Memory for one process; cluster/counters.redis.ts builds the same counters on
// RateLimiterRedis so that every node draws from one budget.

/** Allowed, or refused with the wait (ms) before a retry may succeed. */
export type Verdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** A budget of points per key, refilled when its window ends. */
export interface Counter {
  /** Takes `points` from the key's budget; a refused attempt takes nothing. */
  consume(key: string, points?: number): Promise<Verdict>;
  /** Gives points back (a closed connection); a key back at zero is forgotten. */
  release(key: string, points?: number): Promise<void>;
  /** Refused when the budget is spent or the key is blocked, without taking anything. */
  peek(key: string): Promise<Verdict>;
  /** Refuses the key for `ms` from now, whatever its budget. */
  block(key: string, ms: number): Promise<void>;
}

export interface CounterOptions {
  /** Key prefix; counters of different names never share keys. */
  name: string;
  /** Budget per window. */
  points: number;
  /** Window length; 0 = no window (a concurrency counter: points come back only by `release`). */
  windowMs: number;
}

/** Makes counters on one backing store. */
export type CounterFactory = (options: CounterOptions) => Counter;

/** Wait reported when the store knows none (a concurrency counter has no window). */
export const DEFAULT_RETRY_AFTER_MS = 1000;

function retryAfter(res: RateLimiterRes): number {
  return res.msBeforeNext > 0 ? Math.ceil(res.msBeforeNext) : DEFAULT_RETRY_AFTER_MS;
}

/** A {@link Counter} over any rate-limiter-flexible limiter (memory, Redis…) with `points` per window. */
export function counterOn(limiter: RateLimiterAbstract, points: number): Counter {
  return {
    async consume(key, n = 1) {
      try {
        await limiter.consume(key, n);
        return { allowed: true };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        // Refused attempts do not count: undo the increment the limiter made.
        await limiter.reward(key, n);
        return { allowed: false, retryAfterMs: retryAfter(error) };
      }
    },
    async release(key, n = 1) {
      const res = await limiter.reward(key, n);
      if (res.consumedPoints <= 0) await limiter.delete(key);
    },
    async peek(key) {
      const res = await limiter.get(key);
      return res && res.consumedPoints >= points ? { allowed: false, retryAfterMs: retryAfter(res) } : { allowed: true };
    },
    async block(key, ms) {
      await limiter.block(key, Math.max(ms, 1) / 1000);
    },
  };
}

/** Counters in this process's memory (rate-limiter-flexible's RateLimiterMemory). */
export const memoryCounters: CounterFactory = ({ name, points, windowMs }) => {
  // rate-limiter-flexible counts in seconds; fractions work in memory. A window must stay
  // above zero, since 0 there means "never expires".
  const duration = windowMs === 0 ? 0 : Math.max(windowMs, 1) / 1000;
  return counterOn(new RateLimiterMemory({ keyPrefix: name, points, duration }), points);
};
