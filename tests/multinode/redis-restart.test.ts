import { afterAll, describe, expect, it } from 'vitest';
import { checkAcknowledged, formatAcked } from '../support/ackedCheck';
import { CHAOS_POLICY } from '../support/chaosPolicy';
import { startTraffic, total } from '../support/chaosSetup';
import { errorLines, startClusterNodes, uniquePrefix, writePolicyFile, type ClusterNode } from '../support/clusterNode';
import { openClusterStore, type ClusterStore } from '../support/clusterStore';
import { seededRandom } from '../support/random';
import { createRedisServer } from '../support/redisServer';
import { openReliableClient, type ReliableClient } from '../support/reliableClient';
import { readStoreMessages } from '../support/storedMessages';
import { sleep, waitFor } from '../support/waitFor';

// A dedicated redis-server (AOF, fsync always) under 2 nodes; 2 agents and 6 visitors, one
// agent and half the visitors on each node, exchange messages through outbox clients. Redis is
// SIGKILLed mid-stream and started again on the same port and dir after DOWN_MS (longer than a
// node heartbeat's 3 s, as a real restart loading its AOF may take). Meanwhile: both nodes say
// not ready, then ready again; they never crash; and every acknowledged message is stored
// exactly once and reaches the other side. Sends refused during the outage were never acked.

const SEED = Number(process.env.MULTINODE_SEED ?? 20261203);
const DOWN_MS = 4000;
const PREFIX = uniquePrefix('redis-restart');
const policy = writePolicyFile(CHAOS_POLICY);
const redis = await createRedisServer();
const nodes: ClusterNode[] = [];
const clients: ReliableClient[] = [];
let cs: ClusterStore | undefined;
/** Acknowledged messages not shown on the other side before any client reconnected (set by the first test). */
let undeliveredWithoutReconnect: string[] | null = null;

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(nodes.map((n) => n.close()));
  await cs?.close();
  await redis.close();
  policy.dispose();
});

/** Both nodes' /readyz answer `status` (bounded). */
const allReadyz = (status: number, timeoutMs: number) => waitFor(async () => (await Promise.all(nodes.map((n) => n.readyz()))).every((s) => s === status), timeoutMs, 50);

describe('Redis restarted mid-run', () => {
  it('makes the nodes not ready, then ready again, with every acknowledged message stored once', async () => {
    const rnd = seededRandom(SEED);
    await redis.start();
    cs = await openClusterStore(redis.url, PREFIX);
    const store = cs;
    await startClusterNodes(['rr-a', 'rr-b'], { redisUrl: redis.url, prefix: PREFIX, policyFile: policy.file, leaseMs: 1500 }, nodes);
    const agents = await Promise.all([0, 1].map(async (i) => {
      const { token } = await store.createAgent(`agent${i}`, 10);
      return openReliableClient({ url: nodes[i]!.url, role: 'agent', name: `agent${i}`, token });
    }));
    clients.push(...agents);
    for (const a of agents) {
      await a.ready();
      await a.command('agent:status', { status: 'online' });
    }
    const visitors = Array.from({ length: 6 }, (_, i) => openReliableClient({ url: nodes[i % 2]!.url, role: 'visitor', name: `visitor${i}` }));
    clients.push(...visitors);
    await Promise.all(visitors.map((v) => v.ready()));
    const chatIds = await Promise.all(visitors.map((v, i) => v.startChat({
      name: `Visiteur ${i}`, email: `v${i}@example.com`, department: 'technical', subject: `Demande ${i}`, message: `Bonjour (${i})`,
    })));
    expect(await waitFor(() => chatIds.every((id) => agents.filter((a) => a.chatIds().includes(id)).length === 1), 10_000)).toBe(true);
    expect((await Promise.all(nodes.map((n) => n.readyz())))).toEqual([200, 200]);

    const traffic = startTraffic(clients, rnd, { tickMs: 25, probability: 0.3 });
    await sleep(1500);
    await redis.kill('SIGKILL');
    const killedAt = Date.now();
    const ackedAtKill = total(clients, (c) => c.stats.acked);
    const notReady = await allReadyz(503, 5000);
    const notReadyMs = Date.now() - killedAt;
    await sleep(Math.max(0, DOWN_MS - (Date.now() - killedAt)));
    await redis.start();
    const restartedAt = Date.now();
    const readyAgain = await allReadyz(200, 20_000);
    const readyMs = Date.now() - restartedAt;
    const ackedAtRestart = total(clients, (c) => c.stats.acked);
    // Traffic goes on until messages are acknowledged again (the nodes make their clients
    // reconnect and resync once their pub/sub is back), then a little longer.
    await waitFor(() => total(clients, (c) => c.stats.acked) >= ackedAtRestart + 30, 20_000);
    await sleep(500);
    traffic.stop();
    const drained = await waitFor(() => clients.every((c) => c.outboxSize() === 0), 20_000);

    // What the clients show without any reconnect, then after each one reconnects and resyncs (DESIGN §4).
    const read = () => readStoreMessages(store.store, chatIds);
    await waitFor(async () => checkAcknowledged(await read(), clients).problems.length === 0, 5000, 200);
    const natural = checkAcknowledged(await read(), clients);
    // When each of those was stored, relative to the kill and to the restart.
    const rows = (await Promise.all(chatIds.map((id) => store.store.listMessages(id, 0, { includeInternal: true })))).flat();
    undeliveredWithoutReconnect = natural.problems.flatMap((p) => {
      const m = /^(\S+) \((\S+) seq (\d+)\) is not shown/.exec(p);
      const row = m && rows.find((r) => r.chatId === m[2] && r.seq === Number(m[3]));
      return row ? [`${m[1]} stored ${Date.parse(row.createdAt) - killedAt} ms after the kill (${Date.parse(row.createdAt) - restartedAt} ms after the restart)`] : [p];
    });
    const sessions = clients.map((c) => c.stats.sessions);
    for (const c of clients) c.dropTransport();
    await waitFor(() => clients.every((c, i) => c.socket.connected && c.stats.sessions > sessions[i]!), 10_000);
    let result = natural;
    await waitFor(async () => (result = checkAcknowledged(await read(), clients)).problems.length === 0, 10_000, 200);
    const { counts, problems } = result;

    // A chat started after the restart is routed: the agents' presence survived the outage.
    const late = openReliableClient({ url: nodes[0]!.url, role: 'visitor', name: 'late' });
    clients.push(late);
    await late.ready();
    const lateChat = await late.startChat({ name: 'Tard', email: 'tard@example.com', department: 'technical', subject: 'Après', message: 'Bonjour' });
    const lateRouted = await waitFor(async () => (await store.store.getChat(lateChat))?.status === 'active', 5000);
    const crashes = nodes.filter((n) => !n.running()).map((n) => n.nodeId);
    const unhandled = nodes.flatMap((n) => errorLines(n.output()).filter((l) => l.includes('unhandled')));

    console.log([
      `redis restart (seed ${SEED}): down ${DOWN_MS} ms; both nodes not ready ${notReadyMs} ms after the kill, ready again ${readyMs} ms after the restart`,
      `  acked at the kill ${ackedAtKill}, at the restart ${ackedAtRestart}; ${formatAcked('totals', counts)}`,
      `  delivered before any reconnect: ${natural.counts.delivered} of ${natural.counts.acked}; late chat routed: ${lateRouted}; crashed nodes: ${crashes.length}, unhandled rejections logged: ${unhandled.length}`,
      ...problems.map((p) => `  ! ${p}`),
      ...undeliveredWithoutReconnect.slice(0, 10).map((p) => `  not shown on the other side before a reconnect: ${p}`),
    ].join('\n'));

    expect(notReady, 'both nodes answered /readyz 503 while Redis was down').toBe(true);
    expect(readyAgain, 'both nodes answered /readyz 200 after the restart').toBe(true);
    expect(crashes).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(drained, 'every outbox emptied').toBe(true);
    expect(ackedAtKill).toBeGreaterThan(0);
    expect(counts.acked).toBeGreaterThan(ackedAtRestart);
    expect(problems).toEqual([]);
    expect(counts).toMatchObject({ lost: 0, duplicated: 0, seqBroken: 0, stored: counts.acked, delivered: counts.acked });
    expect(lateRouted, 'a chat started after the restart is assigned').toBe(true);
  });

  // A message acknowledged while a node's pub/sub is down or not back yet is stored, but its
  // broadcast to the other node is lost, and sockets stay connected through the outage. The
  // nodes' fan-out watch (server/src/cluster/adapter.ts) makes their clients reconnect and
  // resync once pub/sub is back, so the other side shows it without any help from the test.
  it('shows every acknowledged message on the other side without the test forcing a reconnect', () => {
    expect(undeliveredWithoutReconnect).toEqual([]);
  });
});
