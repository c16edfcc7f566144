import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { hashToken, openRedisStore, type RedisStore } from '@besoin/server';

// What a multi-node test reads and writes in the cluster's Redis beside the nodes: the same
// Store the nodes use (agents, sessions, chats, messages), and a plain client for the
// cluster's own keys (the jobs lease, grace countdowns, presence).

/** The few node-redis commands the tests use. */
export interface RawRedis {
  get(key: string): Promise<string | null>;
  hGetAll(key: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

interface NodeRedisClient extends RawRedis {
  on(event: 'error', listener: (error: unknown) => void): void;
  connect(): Promise<unknown>;
  destroy(): void;
  isOpen: boolean;
}
type CreateClient = (options: { url: string; socket: { reconnectStrategy: (retries: number) => number } }) => NodeRedisClient;

// redis (node-redis) is the server's dependency, not the tests' one: load it from there.
const requireFromServer = createRequire(new URL('../../server/package.json', import.meta.url));

/** A plain Redis client that reconnects by itself (errors are ignored: commands fail meanwhile). */
export async function openRawRedis(url: string): Promise<RawRedis> {
  const { createClient } = requireFromServer('redis') as { createClient: CreateClient };
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 500) } });
  client.on('error', () => undefined);
  await client.connect();
  return {
    get: (key) => client.get(key),
    hGetAll: (key) => client.hGetAll(key),
    async close() {
      if (!client.isOpen) return;
      await Promise.race([client.close(), new Promise((r) => setTimeout(r, 1000))]).catch(() => undefined);
      if (client.isOpen) client.destroy();
    },
  };
}

const now = () => new Date().toISOString();

/** The cluster's store and keys under `prefix`; `close()` purges the prefix and disconnects. */
export async function openClusterStore(url: string, prefix: string) {
  const store: RedisStore = await openRedisStore({ url, prefix });
  const raw = await openRawRedis(url);
  return {
    store,
    raw,
    /** The NODE_ID holding the jobs lease, or null. */
    leaseHolder: () => raw.get(`${prefix}lease:jobs`),
    /** Agent id → when its grace started (ms), for every agent counting down. */
    graceCountdowns: () => raw.hGetAll(`${prefix}grace`),
    /** The live-connection entries of an agent ("<node>|<socket id>" → node). */
    presenceOf: (agentId: string) => raw.hGetAll(`${prefix}presence:${agentId}`),
    /** Creates a technical agent (status away) with a session; login by token, no password. */
    async createAgent(login: string, maxChats: number): Promise<{ id: string; login: string; name: string; token: string; maxChats: number }> {
      const name = `Agent ${login}`;
      const agent = await store.createAgent({ login, name, role: 'agent', departments: ['technical'], maxChats, passwordHash: 'unused' }, now());
      if (!agent) throw new Error(`agent ${login} exists already`);
      const token = randomBytes(24).toString('base64url');
      await store.createSession({ tokenHash: hashToken(token), agentId: agent.id, createdAt: now(), expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      return { id: agent.id, login, name, token, maxChats };
    },
    async close(): Promise<void> {
      await store.purge().catch(() => undefined);
      await raw.close();
      await store.close();
    },
  };
}

export type ClusterStore = Awaited<ReturnType<typeof openClusterStore>>;
