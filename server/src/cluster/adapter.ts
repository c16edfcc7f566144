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

/** The namespaces whose clients resync after a fan-out outage. */
const CLIENT_NAMESPACES = ['/visitor', '/agent'] as const;
/** Node-to-node event asking every node to make its clients resync. */
const RESYNC_EVENT = 'besoin:resync';
/** Delay after the subscriber is back, so that it has re-subscribed before clients come back. */
const RESUBSCRIBE_SETTLE_MS = 250;

/**
 * Installs the Redis adapter on every namespace of `io`, over a publisher and a subscriber
 * connection, and repairs what a fan-out outage loses. Sockets stay connected to their node
 * through a Redis outage, so nothing would make them fetch the broadcasts that did not reach
 * them: when this node's subscriber comes back it may have missed broadcasts, so its clients
 * are disconnected and reconnect with their resync (DESIGN §4); when its publisher comes back
 * after a failed publish, every node is asked to do the same.
 */
export function attachRedisAdapter(io: Server, pub: RedisClient, sub: RedisClient, prefix: string, onError: (error: unknown) => void): void {
  let publishFailed = false;
  const failed = (error: unknown) => {
    publishFailed = true;
    onError(error);
  };
  io.adapter(createAdapter(guardedPublisher(pub, failed), sub, { key: `${prefix}sio` }));
  // Closing the transport (not `disconnect()`, which tells the client not to come back) makes
  // the client reconnect at once, like after a network drop, and resync.
  const resyncLocalClients = () => {
    for (const namespace of CLIENT_NAMESPACES) {
      for (const socket of io.of(namespace).sockets.values()) socket.conn.close();
    }
  };
  io.on(RESYNC_EVENT, resyncLocalClients);
  let subscribedOnce = false;
  sub.on('ready', () => {
    if (subscribedOnce) setTimeout(resyncLocalClients, RESUBSCRIBE_SETTLE_MS).unref();
    subscribedOnce = true;
  });
  pub.on('ready', () => {
    if (!publishFailed) return;
    publishFailed = false;
    io.serverSideEmit(RESYNC_EVENT);
    resyncLocalClients();
  });
}
