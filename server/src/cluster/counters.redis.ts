import { RateLimiterRedis } from 'rate-limiter-flexible';
import { counterOn, memoryCounters, type CounterFactory } from '../security/limits';
import type { RedisClient } from '../store/redis/connection';

// Rate limits shared by every node (rate-limiter-flexible's RateLimiterRedis): a visitor who
// spreads messages over three nodes draws from one budget. Two exceptions, both deliberate:
// - windows are whole seconds in Redis (at least 1 s), where memory takes fractions;
// - concurrent connections per IP (no window: points come back only when a socket closes) are
//   counted per node, since a node killed with SIGKILL would never give its points back and
//   would lock its clients' addresses out of the whole cluster. With N nodes behind a load
//   balancer an address may therefore hold up to N × connectionsPerIp sockets (docs/OPERATIONS.md).

/** Counters in Redis under `<prefix>rl:`; connection counters stay in this node's memory. */
export function redisCounters(client: RedisClient, prefix: string): CounterFactory {
  return (options) => {
    if (options.windowMs === 0) return memoryCounters(options);
    const limiter = new RateLimiterRedis({
      storeClient: client,
      useRedisPackage: true,
      keyPrefix: `${prefix}rl:${options.name}`,
      points: options.points,
      duration: Math.max(1, Math.ceil(options.windowMs / 1000)),
    });
    return counterOn(limiter, options.points);
  };
}
