import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Server } from 'socket.io';
import type { GraceTracker } from '../domain/grace';
import type { Logger } from '../domain/deps';
import type { Presence } from '../domain/presence';
import type { CounterFactory } from '../security/limits';
import { connectRedis, disconnectRedis, type RedisClient } from '../store/redis/connection';
import { openRedisStore, type RedisStore } from '../store/redis/redis.store';
import { attachRedisAdapter } from './adapter';
import { redisCounters } from './counters.redis';
import { createRedisGrace } from './grace.redis';
import { createLease } from './lease';
import { createRedisPresence } from './presence.redis';

// Everything a node needs to be one of N on a shared Redis (issue 7, docs/OPERATIONS.md): the
// store, fan-out between nodes, presence and grace countdowns shared by all, rate limits drawn
// from one budget, and a lease so that the cluster's jobs run on exactly one node.

/** What createApp takes from a cluster (the embedded mode has none of it). */
export interface ClusterParts {
  nodeId: string;
  presence: Presence;
  grace: GraceTracker;
  limitCounters: CounterFactory;
  /** Installs the cross-node adapter on the Socket.IO server. */
  attach(io: Server): void;
  /** True while this node holds the jobs lease and may run the cluster's jobs. */
  holdsJobs(): boolean;
  /** Redis reachable for commands and for pub/sub (readiness). */
  ready(): Promise<boolean>;
}

/** Options of {@link openCluster}. */
export interface ClusterOptions {
  url: string;
  prefix: string;
  nodeId?: string;
  /** Jobs lease duration (ms): a dead holder's jobs are taken over within it. */
  leaseMs?: number;
  logger: Logger;
}

/** A node's connection to the cluster: the Redis store and the parts createApp needs. */
export interface Cluster extends ClusterParts {
  store: RedisStore;
  /** Starts the heartbeat and the lease (after createApp, before listening). */
  start(): Promise<void>;
  /** Gives up the lease, ends the heartbeat and closes every connection (after the app). */
  close(): Promise<void>;
}

/** A node id readable in logs: host, pid and a random suffix (a restarted pid is a new node). */
export function defaultNodeId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Connects this node to the cluster on `url`. */
export async function openCluster(options: ClusterOptions): Promise<Cluster> {
  const { url, prefix, logger } = options;
  const nodeId = options.nodeId ?? defaultNodeId();
  const onError = (what: string) => (error: unknown) => logger.warn({ err: error, nodeId }, `redis: ${what}`);
  const store = await openRedisStore({ url, prefix, onError: onError('store connection') });
  const connect = (what: string): Promise<RedisClient> => connectRedis({ url, onError: onError(what) });
  const [shared, pub, sub] = await Promise.all([connect('cluster connection'), connect('publisher'), connect('subscriber')]);
  const presence = createRedisPresence(shared, prefix, nodeId);
  const lease = createLease(shared, {
    key: `${prefix}lease:jobs`, nodeId, ttlMs: options.leaseMs ?? 5000,
    onChange: (held) => logger.info({ nodeId }, held ? 'jobs lease taken: this node runs the cluster jobs' : 'jobs lease lost'),
    onError: onError('lease'),
  });

  let stopWatch = (): void => undefined;
  async function ready(): Promise<boolean> {
    const clientsUp = [shared, pub, sub].every((client) => client.isReady);
    return clientsUp && (await store.ping());
  }

  return {
    nodeId,
    store,
    presence: presence.presence,
    grace: createRedisGrace(shared, prefix),
    limitCounters: redisCounters(shared, prefix),
    attach(io) {
      stopWatch = attachRedisAdapter(io, pub, sub, {
        prefix,
        ready,
        onError: onError('publish'),
        onResync: (reason, sockets) => logger.info({ nodeId, sockets }, `fan-out: ${reason}, clients reconnect and resync`),
      });
    },
    holdsJobs: () => lease.held(),
    ready,
    async start() {
      await presence.start(onError('heartbeat'));
      await lease.start();
    },
    async close() {
      stopWatch();
      await lease.stop();
      await presence.stop();
      await Promise.all([shared, pub, sub].map((client) => disconnectRedis(client)));
      await store.close();
    },
  };
}
