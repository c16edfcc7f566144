import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../contract/index';
import { agentInput, at, chatInput, expectOk, visitorMessage } from '../contract/support';
import { connectRedis, disconnectRedis } from './connection';
import { createContext } from './context';
import { openRedisStore, type RedisStore } from './index';
import { luaScript } from './scripts/script';

const url = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6399';
/** A prefix of its own per store, so that tests never see each other's keys. */
const freshPrefix = (): string => `besoin-test:${randomUUID()}:`;

describeStoreContract('redis', async () => {
  const store = await openRedisStore({ url, prefix: freshPrefix() });
  return {
    store,
    close: async () => {
      try {
        await store.purge();
      } finally {
        await store.close();
      }
    },
  };
});

/** Polls `check` until it holds or `timeoutMs` passes. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** A TCP proxy to Redis on 127.0.0.1 that a test can cut and restore (a Redis outage). */
async function startProxy(target: URL, port = 0): Promise<{ port: number; cut: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port || 6379), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    cut: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('RedisStore specifics', () => {
  const opened: RedisStore[] = [];
  const open = async (prefix: string, storeUrl = url): Promise<RedisStore> => {
    const store = await openRedisStore({ url: storeUrl, prefix, connectTimeoutMs: 1000 });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    const stores = opened.splice(0);
    for (const store of stores) if (await store.ping()) await store.purge();
    await Promise.all(stores.map((s) => s.close()));
  });

  it('never exceeds maxChats when two connections assign chats to one agent at once', async () => {
    const prefix = freshPrefix();
    const [one, two] = [await open(prefix), await open(prefix)];
    const agent = await one.createAgent(agentInput('alice'), at(0));
    if (!agent) throw new Error('agent not created');
    const chats = [];
    for (let i = 0; i < 20; i += 1) {
      const visitorId = `v${i}`;
      chats.push(expectOk(await (i % 2 ? one : two).createChat(chatInput(visitorId), visitorMessage('Bonjour'), at(i))).chat);
    }
    const results = await Promise.all(chats.map((chat, i) =>
      (i % 2 ? two : one).assignChat(chat.id, agent.id, 3, at(100 + i))));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'agent_full')).toBe(true);
    expect(await one.countActiveChats(agent.id)).toBe(3);
    expect(await two.listActiveChatsOfAgent(agent.id)).toHaveLength(3);
    const queued = await two.listQueuedChats('technical');
    expect(queued).toHaveLength(17);
    const oldestQueuedAt = queued.map((c) => c.queuedAt).sort()[0];
    expect(await one.queueStats('technical')).toEqual({ waiting: 17, oldestQueuedAt });
  });

  it('keeps seqs gap-free and de-duplicates clientMessageIds across two connections', async () => {
    const prefix = freshPrefix();
    const [one, two] = [await open(prefix), await open(prefix)];
    const { chat } = expectOk(await one.createChat(chatInput('v1'), visitorMessage('Bonjour'), at(1)));
    // 100 sends, each clientMessageId twice, from both connections interleaved.
    const results = (await Promise.all(Array.from({ length: 100 }, (_, i) =>
      (i % 2 ? one : two).appendMessage({ chatId: chat.id, ...visitorMessage(`m${i % 50}`, `c-${i % 50}`) }, at(10 + i)),
    ))).map(expectOk);
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(50);
    expect(created.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    for (const r of results) {
      const original = created.find((c) => c.message.clientMessageId === r.message.clientMessageId);
      expect(r.message).toEqual(original?.message);
    }
    const stored = await two.listMessages(chat.id, 0, { includeInternal: true });
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(new Set(stored.map((m) => m.clientMessageId)).size).toBe(51);
    expect(await one.getChat(chat.id)).toMatchObject({ lastSeq: 51, messageCount: 51 });
  });

  it('answers ping false, and fails commands, when Redis is unreachable, within a bounded time', async () => {
    const started = Date.now();
    const store = await open(freshPrefix(), 'redis://127.0.0.1:1');
    expect(await store.ping()).toBe(false);
    await expect(store.getAgent('anyone')).rejects.toThrow();
    await expect(store.assignChat('c', 'a', 1, at(1))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports an outage through ping and recovers by itself when Redis is back', async () => {
    const target = new URL(url);
    const proxy = await startProxy(target);
    const store = await open(freshPrefix(), `redis://127.0.0.1:${proxy.port}`);
    expect(await store.ping()).toBe(true);
    expect(await store.createAgent(agentInput('alice'), at(0))).not.toBeNull();
    await proxy.cut();
    await waitFor(async () => !(await store.ping()), 5000);
    await expect(store.getAgentByLogin('alice')).rejects.toThrow();
    const restored = await startProxy(target, proxy.port);
    try {
      await waitFor(() => store.ping(), 10_000);
      expect(await store.getAgentByLogin('alice')).toMatchObject({ login: 'alice' });
    } finally {
      await store.purge();
      await store.close();
      await restored.cut();
    }
  });

  it('runs a script the server has not cached yet (NOSCRIPT, then EVAL), and by SHA after', async () => {
    const client = await connectRedis({ url });
    try {
      const ctx = createContext(client, freshPrefix());
      // A body no server has seen: EVALSHA fails with NOSCRIPT and the full source is sent.
      const probe = luaScript('probe', [], `return { P, A[1], '${randomUUID()}' }`);
      const first = await ctx.run(probe, ['x']);
      expect(first).toEqual([expect.stringMatching(/^besoin-test:/), 'x', expect.any(String)]);
      expect(await client.sendCommand(['SCRIPT', 'EXISTS', probe.sha])).toEqual([1]);
      expect(await ctx.run(probe, ['x'])).toEqual(first);
    } finally {
      await disconnectRedis(client);
    }
  });

  it('keeps stores with different prefixes apart, and purges only its own keys', async () => {
    const [one, two] = [await open(freshPrefix()), await open(freshPrefix())];
    await one.createAgent(agentInput('alice'), at(0));
    expect(await two.createAgent(agentInput('alice'), at(0))).not.toBeNull();
    expect(await one.purge()).toBeGreaterThan(0);
    expect(await one.listAgents()).toEqual([]);
    expect((await two.listAgents()).map((a) => a.login)).toEqual(['alice']);
  });
});
