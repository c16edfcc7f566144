import { createAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import type { RedisClient } from '../store/redis/connection';

// Fan-out between nodes: @socket.io/redis-adapter over Redis pub/sub, so that a broadcast to a
// room (a visitor, an agent, a department) reaches its sockets on every node. The classic
// adapter rather than the sharded one: the sharded adapter pays off on a Redis Cluster, and the
// store needs a standalone Redis (its scripts derive keys from data).

/**
 * The adapter fires `publish` without handling its promise; while Redis is away that promise
 * rejects and would end the process (unhandled rejection). Broadcasts made during an outage are
 * lost: clients get them back by their resync on reconnect (DESIGN §4), as after any drop.
 */
function guardedPublisher(client: RedisClient, onError: (error: unknown) => void): RedisClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if ((property === 'publish' || property === 'sPublish') && typeof value === 'function') {
        return (...args: unknown[]) => Promise.resolve(value.apply(target, args)).catch(onError);
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Installs the Redis adapter on every namespace of `io`, over a publisher and a subscriber connection. */
export function attachRedisAdapter(io: Server, pub: RedisClient, sub: RedisClient, prefix: string, onError: (error: unknown) => void): void {
  io.adapter(createAdapter(guardedPublisher(pub, onError), sub, { key: `${prefix}sio` }));
}
