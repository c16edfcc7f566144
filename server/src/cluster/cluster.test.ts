import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis, deleteKeysUnder, disconnectRedis, type RedisClient } from '../store/redis/connection';
import { redisCounters } from './counters.redis';
import { createRedisGrace } from './grace.redis';
import { createLease } from './lease';
import { createRedisPresence, HEARTBEAT_TTL_MS } from './presence.redis';

// The cluster parts against a real redis-server (REDIS_TEST_URL, started by scripts/test-all.sh).
const url = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6399';
const clients: RedisClient[] = [];
const prefixes: string[] = [];
const stops: (() => Promise<void>)[] = [];

async function client(): Promise<RedisClient> {
  const c = await connectRedis({ url });
  clients.push(c);
  return c;
}
function prefix(): string {
  const p = `besoin-test-cluster-${randomBytes(4).toString('hex')}:`;
  prefixes.push(p);
  return p;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  const cleaner = await connectRedis({ url });
  for (const p of prefixes.splice(0)) await deleteKeysUnder(cleaner, p);
  await Promise.all([cleaner, ...clients.splice(0)].map((c) => disconnectRedis(c)));
});

describe('Redis presence', () => {
  async function node(p: string, id: string) {
    const n = createRedisPresence(await client(), p, id);
    await n.start(() => undefined);
    stops.push(() => n.stop());
    return n;
  }

  it('counts an agent connected to two nodes once', async () => {
    const p = prefix();
    const [a, b] = [await node(p, 'A'), await node(p, 'B')];
    expect(await a.presence.connected('agent1', 's1')).toBe(true);
    expect(await b.presence.connected('agent1', 's2')).toBe(false);
    expect(await b.presence.isConnected('agent1')).toBe(true);
    expect(await a.presence.disconnected('agent1', 's1')).toBe(false);
    expect(await a.presence.isConnected('agent1')).toBe(true);
    expect(await b.presence.disconnected('agent1', 's2')).toBe(true);
    expect(await a.presence.isConnected('agent1')).toBe(false);
    expect(await b.presence.disconnected('agent1', 's2')).toBe(false);
  });

  it("stops counting a dead node's connections when its heartbeat expires", async () => {
    const p = prefix();
    const survivor = await node(p, 'A');
    const doomedClient = await client();
    const doomed = createRedisPresence(doomedClient, p, 'B');
    await doomed.start(() => undefined);
    await doomed.presence.connected('agent1', 's1');
    expect(await survivor.presence.isConnected('agent1')).toBe(true);
    const shared = await client();
    const ttl = await shared.pTTL(`${p}node:B`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(HEARTBEAT_TTL_MS);
    // A SIGKILL: the heartbeat stops for good, nobody deletes its key.
    await disconnectRedis(doomedClient);
    await sleep(HEARTBEAT_TTL_MS + 200);
    expect(await survivor.presence.isConnected('agent1')).toBe(false);
    // and a new connection of that agent is again the first one
    expect(await survivor.presence.connected('agent1', 's9')).toBe(true);
  });
});

describe('Redis grace', () => {
  it('keeps the first start, forgets on cancel, and hands each expiry out once across nodes', async () => {
    const p = prefix();
    const [g1, g2] = [createRedisGrace(await client(), p), createRedisGrace(await client(), p)];
    await g1.start('a1', 1000);
    await g2.start('a1', 5000); // kept: 1000
    await g1.start('a2', 2000);
    await g2.cancel('a2');
    await g1.start('a3', 9000);
    expect(await g2.expired(4000, 3000)).toEqual(['a1']);
    expect(await g1.expired(4000, 3000)).toEqual([]);
    const both = await Promise.all([g1.expired(20_000, 3000), g2.expired(20_000, 3000)]);
    expect(both.flat()).toEqual(['a3']);
  });
});

describe('jobs lease', () => {
  it('is held by one node at a time and taken over within its duration when the holder dies', async () => {
    const p = prefix();
    const ttlMs = 600;
    const firstClient = await client();
    const first = createLease(firstClient, { key: `${p}lease`, nodeId: 'A', ttlMs });
    const second = createLease(await client(), { key: `${p}lease`, nodeId: 'B', ttlMs });
    await first.start();
    await second.start();
    stops.push(() => second.stop());
    expect(first.held()).toBe(true);
    expect(second.held()).toBe(false);
    await sleep(ttlMs * 2);
    expect([first.held(), second.held()]).toEqual([true, false]); // renewed, not lost
    // The holder dies: its client goes away without releasing.
    await disconnectRedis(firstClient);
    const died = Date.now();
    let takenAfter = -1;
    for (let waited = 0; waited < ttlMs * 4; waited += 20) {
      if (second.held()) {
        takenAfter = Date.now() - died;
        break;
      }
      await sleep(20);
    }
    expect(takenAfter).toBeGreaterThanOrEqual(0);
    expect(takenAfter).toBeLessThanOrEqual(ttlMs + ttlMs / 3 + 200);
    // The dead holder's own view expires too: it never runs jobs beside the new holder.
    expect(first.held()).toBe(false);
    await first.stop();
  });

  it('is released on stop so that another node takes it at its next attempt', async () => {
    const p = prefix();
    const first = createLease(await client(), { key: `${p}lease`, nodeId: 'A', ttlMs: 60_000 });
    const second = createLease(await client(), { key: `${p}lease`, nodeId: 'B', ttlMs: 300 });
    await first.start();
    await second.start();
    stops.push(() => second.stop());
    expect(second.held()).toBe(false);
    await first.stop();
    await sleep(250);
    expect(second.held()).toBe(true);
  });
});

describe('Redis rate-limit counters', () => {
  it('draws from one budget across nodes; connection counters stay per node', async () => {
    const p = prefix();
    const [n1, n2] = [redisCounters(await client(), p), redisCounters(await client(), p)];
    const [m1, m2] = [n1({ name: 'msg', points: 3, windowMs: 10_000 }), n2({ name: 'msg', points: 3, windowMs: 10_000 })];
    expect(await m1.consume('ip')).toEqual({ allowed: true });
    expect(await m2.consume('ip')).toEqual({ allowed: true });
    expect(await m1.consume('ip')).toEqual({ allowed: true });
    const refused = await m2.consume('ip');
    expect(refused.allowed).toBe(false);
    expect(await m1.peek('ip')).toMatchObject({ allowed: false });
    const [c1, c2] = [n1({ name: 'conn', points: 1, windowMs: 0 }), n2({ name: 'conn', points: 1, windowMs: 0 })];
    expect(await c1.consume('ip')).toEqual({ allowed: true });
    expect(await c2.consume('ip')).toEqual({ allowed: true });
    expect((await c1.consume('ip')).allowed).toBe(false);
  });
});
