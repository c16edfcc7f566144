import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import type { RedisClient } from '../store/redis/connection';

// Fan-out between nodes: @socket.io/redis-adapter over Redis pub/sub, so that a broadcast to a
// room (a visitor, an agent, a department) reaches its sockets on every node. The classic
// adapter rather than the sharded one: the sharded adapter pays off on a Redis Cluster, and the
// store needs a standalone Redis (its scripts derive keys from data).
//
// Pub/sub is fire-and-forget: a broadcast published while a node's subscriber is away (or that
// fails to publish) is lost for that node's sockets, which stay connected through a Redis
// outage and so would never resync. The fan-out watch below repairs that with the protocol's
// own mechanism (DESIGN §4: after any reconnect the client calls `chat:sync` with its last seq):
// once a node hears itself again on pub/sub, it closes its clients' transports, and they come
// back and fetch what they missed. A node whose publish failed asks every node to do the same.

/** The namespaces whose clients resync after a fan-out outage. */
const CLIENT_NAMESPACES = ['/visitor', '/agent'] as const;
/** Node-to-node event (serverSideEmit) asking every node to make its clients resync. */
const RESYNC_EVENT = 'besoin:resync';
/** How often a node with a fan-out problem checks whether it is over (ms). */
const CHECK_EVERY_MS = 200;
/** How long a probe may take to come back on this node's own subscriber (ms). */
const PROBE_TIMEOUT_MS = 1000;

/** Options of {@link attachRedisAdapter}. */
export interface AdapterOptions {
  prefix: string;
  /** True when the node's Redis commands work again (store, presence): clients may come back. */
  ready: () => Promise<boolean>;
  /** A publish or probe failed (logged; the watch repairs it). */
  onError: (error: unknown) => void;
  /** This node's clients were made to resync (for the log). */
  onResync?: (reason: 'subscriber back' | 'asked by a node', sockets: number) => void;
}

/** Wraps the publisher so that a failed `publish` (fired without a handler by the adapter) is reported, never an unhandled rejection. */
function guardedPublisher(client: RedisClient, onFailure: (error: unknown) => void): RedisClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if ((property === 'publish' || property === 'sPublish') && typeof value === 'function') {
        return (...args: unknown[]) => Promise.resolve(value.apply(target, args)).catch(onFailure);
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Closes the transport of every client socket on this node; returns how many. Not `disconnect()`, which tells a client not to come back. */
function closeClientTransports(io: Server): number {
  let count = 0;
  for (const namespace of CLIENT_NAMESPACES) {
    for (const socket of io.of(namespace).sockets.values()) {
      socket.conn.close();
      count++;
    }
  }
  return count;
}

/**
 * Installs the Redis adapter on every namespace of `io`, over a publisher and a subscriber
 * connection, with the fan-out watch; returns a function that stops the watch.
 */
export function attachRedisAdapter(io: Server, pub: RedisClient, sub: RedisClient, options: AdapterOptions): () => void {
  const { prefix, onError } = options;
  /** Set when this node's subscriber lost its connection: broadcasts may have been missed. */
  let subscriberLost = false;
  /** Set when a publish failed: other nodes missed a broadcast of ours. */
  let publishFailed = false;
  const failed = (error: unknown) => {
    publishFailed = true;
    onError(error);
  };
  io.adapter(createAdapter(guardedPublisher(pub, failed), sub, { key: `${prefix}sio` }));
  io.on(RESYNC_EVENT, () => options.onResync?.('asked by a node', closeClientTransports(io)));

  // The probe: this node publishes a nonce on its own channel and waits to hear it on its subscriber.
  const probeChannel = `${prefix}probe:${randomBytes(6).toString('hex')}`;
  const waiting = new Map<string, () => void>();
  // Subscribed once (node-redis subscribes again by itself after a reconnect); if that first
  // subscription failed (Redis away at start), the watch tries again before probing.
  let probeSubscribed = false;
  const subscribeProbe = () => sub.subscribe(probeChannel, (message) => waiting.get(message)?.()).then(() => {
    probeSubscribed = true;
  });
  subscribeProbe().catch(onError);
  const lost = () => void (subscriberLost = true);
  sub.on('reconnecting', lost);
  sub.on('end', lost);

  async function heardOwnProbe(): Promise<boolean> {
    const nonce = randomBytes(6).toString('hex');
    const heard = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
      waiting.set(nonce, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    try {
      await pub.publish(probeChannel, nonce);
      return await heard;
    } catch (error) {
      onError(error);
      return false;
    } finally {
      waiting.delete(nonce);
    }
  }

  let checking = false;
  async function check(): Promise<void> {
    if (checking || (!subscriberLost && !publishFailed) || !pub.isReady || !sub.isReady) return;
    checking = true;
    try {
      if (!(await options.ready())) return;
      if (subscriberLost) {
        if (!probeSubscribed) await subscribeProbe();
        subscriberLost = false;
        // Lost again if the probe is not heard: the next check tries once more.
        if (!(await heardOwnProbe())) subscriberLost = true;
        else options.onResync?.('subscriber back', closeClientTransports(io));
      }
      if (publishFailed) {
        publishFailed = false;
        // Goes through the guarded publisher: a failure sets publishFailed again.
        io.serverSideEmit(RESYNC_EVENT);
      }
    } finally {
      checking = false;
    }
  }
  const timer = setInterval(() => void check().catch(onError), CHECK_EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    sub.off('reconnecting', lost);
    sub.off('end', lost);
  };
}
