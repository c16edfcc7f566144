import type { Message } from '@besoin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAOS_POLICY } from '../support/chaosPolicy';
import { sendOne, startTraffic } from '../support/chaosSetup';
import { command, connectAgent, connectVisitor, once } from '../support/clients';
import { REDIS_TEST_URL, startClusterNodes, uniquePrefix, writePolicyFile, type ClusterNode } from '../support/clusterNode';
import { openClusterStore, type ClusterStore } from '../support/clusterStore';
import { checkDelivery, formatCounts } from '../support/deliveryCheck';
import { seededRandom } from '../support/random';
import { openReliableClient, type ReliableClient } from '../support/reliableClient';
import { readStoreMessages } from '../support/storedMessages';
import { startTcpSwitch } from '../support/tcpSwitch';
import { sleep, waitFor } from '../support/waitFor';

// Three nodes on one Redis. A visitor on node A chats with an agent on node B (messages both
// ways, typing); the visitor's connection then moves to node C (a TCP switch standing in for a
// load balancer cuts it mid-stream) and resumes with the same visitorToken: its outbox resends
// what was not acknowledged and chat:sync fetches what it missed (DESIGN §4). Then an agent
// with two tabs on two nodes counts once: one tab gone starts no grace, both gone do.

const SEED = Number(process.env.MULTINODE_SEED ?? 20261201);
const GRACE_SECONDS = 1.5;
const PREFIX = uniquePrefix('cross-node');
const policy = writePolicyFile({ ...CHAOS_POLICY, routing: { ...CHAOS_POLICY.routing, agentGraceSeconds: GRACE_SECONDS } });
const nodes: ClusterNode[] = [];
let cs: ClusterStore;
const cleanups: (() => unknown)[] = [];
const startChat = (i: number) => ({ name: `Visiteur ${i}`, email: `v${i}@example.com`, department: 'technical', subject: `Demande ${i}`, message: `Bonjour (${i})` });

beforeAll(async () => {
  cs = await openClusterStore(REDIS_TEST_URL, PREFIX);
  await startClusterNodes(['node-a', 'node-b', 'node-c'], { redisUrl: REDIS_TEST_URL, prefix: PREFIX, policyFile: policy.file }, nodes);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  await Promise.all(nodes.map((n) => n.close()));
  await cs?.close();
  policy.dispose();
});

describe('3 nodes on one Redis', () => {
  it('a visitor on A chats with an agent on B, then resumes on C with nothing lost or shown twice', async () => {
    const [a, b, c] = nodes as [ClusterNode, ClusterNode, ClusterNode];
    const rnd = seededRandom(SEED);
    const amel = await cs.createAgent('amel', 3);
    const agent = openReliableClient({ url: b.url, role: 'agent', name: 'amel', token: amel.token });
    const lb = await startTcpSwitch(a.port);
    const visitor = openReliableClient({ url: lb.url, role: 'visitor', name: 'visitor' });
    cleanups.push(() => agent.close(), () => visitor.close(), () => lb.close());
    await Promise.all([agent.ready(), visitor.ready()]);
    await agent.command('agent:status', { status: 'online' });
    const chatId = await visitor.startChat(startChat(1));
    expect(await waitFor(() => agent.chatIds().includes(chatId), 10_000), 'the chat started on A reaches the agent on B').toBe(true);
    const token = visitor.visitorToken();

    // Typing and one message each way, across nodes.
    const typing = once<{ chatId: string; typing: boolean; role?: string }>(agent.socket, 'typing:changed');
    await visitor.command('typing:set', { chatId, typing: true });
    expect(await typing).toMatchObject({ chatId, typing: true });
    const shownBy = (client: ReliableClient, clientMessageId: string) =>
      [...client.shown(chatId).values()].some((m) => m.clientMessageId === clientMessageId);
    const fromVisitor = visitor.send(chatId);
    expect(await waitFor(() => shownBy(agent, fromVisitor), 5000), 'A → B').toBe(true);
    const fromAgent = agent.send(chatId);
    expect(await waitFor(() => shownBy(visitor, fromAgent), 5000), 'B → A').toBe(true);

    // Steady traffic; a burst from the visitor just before its connection moves to C (some acks
    // are lost with it) and a burst from the agent while the visitor is away (found by chat:sync).
    const clients = [agent, visitor];
    const traffic = startTraffic(clients, rnd, { tickMs: 25, probability: 0.4 });
    await sleep(1000);
    for (let i = 0; i < 5; i++) sendOne(visitor, rnd);
    const connectionsBefore = lb.connections();
    lb.switchTo(c.port);
    for (let i = 0; i < 5; i++) sendOne(agent, rnd);
    const moved = await waitFor(() => visitor.socket.connected && visitor.stats.sessions >= 2, 10_000);
    await sleep(1000);
    traffic.stop();
    const drained = await waitFor(() => clients.every((cl) => cl.outboxSize() === 0), 10_000);
    let result = checkDelivery(await readStoreMessages(cs.store, [chatId]), clients);
    await waitFor(async () => (result = checkDelivery(await readStoreMessages(cs.store, [chatId]), clients)).problems.length === 0, 10_000, 100);
    const { counts, problems } = result;
    console.log([
      `cross-node (seed ${SEED}): visitor A→C, agent on B; ${formatCounts('totals', counts)}; visitor sessions ${visitor.stats.sessions}, syncs ${visitor.stats.syncs}`,
      ...problems.map((p) => `  ! ${p}`),
    ].join('\n'));

    expect(moved, 'the visitor reconnected by itself').toBe(true);
    expect(lb.connections(), 'the new connection went through the switch to C').toBeGreaterThan(connectionsBefore);
    expect(visitor.visitorToken()).toBe(token);
    expect(drained, 'every outbox emptied').toBe(true);
    expect(problems).toEqual([]);
    expect(counts).toMatchObject({ lost: 0, duplicated: 0, seqBroken: 0, displayMismatches: 0 });
    expect(counts.delivered).toBe(counts.sent);
    expect(counts.sent).toBeGreaterThan(20);

    // Leave nothing behind for the next test: the chat ends, the agent goes offline.
    await visitor.command('chat:end', { chatId });
    await agent.command('agent:status', { status: 'offline' });
  });

  it('counts an agent with tabs on two nodes once: one tab gone starts no grace, both gone do', async () => {
    const [a, b, c] = nodes as [ClusterNode, ClusterNode, ClusterNode];
    const bilel = await cs.createAgent('bilel', 1);
    const tab1 = await connectAgent(a.url, '', '', bilel.token);
    const tab2 = await connectAgent(c.url, '', '', bilel.token);
    cleanups.push(() => tab1.socket.disconnect(), () => tab2.socket.disconnect());
    await command(tab1.socket, 'agent:status', { status: 'online' });
    expect(Object.values(await cs.presenceOf(bilel.id)).sort()).toEqual(['node-a', 'node-c']);

    // Two connections, capacity 1: one chat assigned (to both tabs), the other waits.
    const v1 = await connectVisitor(b.url);
    const v2 = await connectVisitor(b.url);
    cleanups.push(() => v1.socket.disconnect(), () => v2.socket.disconnect());
    const assigned = Promise.all([once<{ chat: { id: string } }>(tab1.socket, 'chat:assigned'), once<{ chat: { id: string } }>(tab2.socket, 'chat:assigned')]);
    const { chat: held } = await command<{ chat: { id: string } }>(v1.socket, 'chat:start', startChat(2));
    expect((await assigned).map((p) => p.chat.id)).toEqual([held.id, held.id]);
    const { chat: waiting } = await command<{ chat: { id: string; status: string } }>(v2.socket, 'chat:start', startChat(3));
    expect(waiting.status).toBe('queued');
    expect(await cs.store.countActiveChats(bilel.id)).toBe(1);

    // One tab closes: the agent is still connected (through C), no countdown, the chat stays.
    tab1.socket.disconnect();
    expect(await waitFor(async () => Object.keys(await cs.presenceOf(bilel.id)).length === 1, 5000)).toBe(true);
    await sleep(GRACE_SECONDS * 1000 + 1000);
    expect(await cs.graceCountdowns()).not.toHaveProperty(bilel.id);
    expect(await cs.store.getChat(held.id)).toMatchObject({ status: 'active', agentId: bilel.id });

    // The last tab closes: the grace starts, and when it runs out the chat goes back to the queue
    // (first, before the waiting one) with the system message for the visitor.
    const notice = new Promise<Message>((resolve) => v1.socket.on('message:created', ({ message }: { message: Message }) => {
      if (message.author.role === 'system') resolve(message);
    }));
    const lastGone = Date.now();
    tab2.socket.disconnect();
    expect(await waitFor(async () => bilel.id in (await cs.graceCountdowns()), 5000), 'grace started').toBe(true);
    const requeued = await waitFor(async () => (await cs.store.getChat(held.id))?.status === 'queued', GRACE_SECONDS * 1000 + 8000);
    const requeuedAfterMs = Date.now() - lastGone;
    expect(requeued, 'the chat was re-queued after the grace').toBe(true);
    expect(requeuedAfterMs).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 100);
    expect((await notice).text).toContain('déconnecté');
    expect(await cs.store.queuePosition(held.id)).toBe(1);
    expect(await cs.store.queuePosition(waiting.id)).toBe(2);
    console.log(`cross-node two tabs: one tab closed → no grace for ${GRACE_SECONDS * 1000 + 1000} ms; both closed → re-queued after ${requeuedAfterMs} ms (grace ${GRACE_SECONDS * 1000} ms)`);
  });
});
