import type { Message } from '@besoin/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAOS_POLICY } from '../support/chaosPolicy';
import { command, connectAgent, connectVisitor, once } from '../support/clients';
import { errorLines, REDIS_TEST_URL, startClusterNodes, uniquePrefix, writePolicyFile, type ClusterNode } from '../support/clusterNode';
import { openClusterStore, type ClusterStore } from '../support/clusterStore';
import { sleep, waitFor } from '../support/waitFor';

// Three nodes; node A starts first and takes the jobs lease. Agent Karim, connected to A, holds
// two chats whose visitors are on B and C. A is killed with SIGKILL: no goodbye, its lease and
// heartbeat simply stop being renewed. Then, from the surviving nodes only: another node takes
// the lease within the lease time, Karim's connection stops counting, his grace runs out, and
// his chats go back to the front of the queue and on to Salma (on B), the visitors being told.

const LEASE_MS = 1500;
const GRACE_SECONDS = 2;
const PREFIX = uniquePrefix('node-kill');
const policy = writePolicyFile({ ...CHAOS_POLICY, routing: { ...CHAOS_POLICY.routing, agentGraceSeconds: GRACE_SECONDS }, sweepSeconds: 1 });
const nodes: ClusterNode[] = [];
const sockets: { disconnect(): unknown }[] = [];
let cs: ClusterStore | undefined;

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all(nodes.map((n) => n.close()));
  await cs?.close();
  policy.dispose();
});

const nodeOptions = { redisUrl: REDIS_TEST_URL, prefix: PREFIX, policyFile: policy.file, leaseMs: LEASE_MS };
const chatStart = (i: number) => ({ name: `Visiteur ${i}`, email: `v${i}@example.com`, department: 'technical', subject: `Panne ${i}`, message: 'Mon site est lent' });

describe('a node killed with SIGKILL', () => {
  it("hands its agent's chats on after the grace period and its jobs to another node within the lease time", async () => {
    cs = await openClusterStore(REDIS_TEST_URL, PREFIX);
    const store = cs;
    const [a] = await startClusterNodes(['kill-a'], nodeOptions, nodes) as [ClusterNode];
    expect(await waitFor(async () => (await store.leaseHolder()) === 'kill-a', 5000), 'node A holds the jobs lease').toBe(true);
    const [b, c] = await startClusterNodes(['kill-b', 'kill-c'], nodeOptions, nodes) as [ClusterNode, ClusterNode];
    expect(await store.leaseHolder()).toBe('kill-a');

    // Karim on A takes both chats; Salma on B comes online once he is full.
    const karim = await store.createAgent('karim', 2);
    const salma = await store.createAgent('salma', 3);
    const karimTab = await connectAgent(a.url, '', '', karim.token);
    sockets.push(karimTab.socket);
    await command(karimTab.socket, 'agent:status', { status: 'online' });
    const visitors = [await connectVisitor(b.url), await connectVisitor(c.url)];
    sockets.push(...visitors.map((v) => v.socket));
    const chatIds: string[] = [];
    for (const [i, v] of visitors.entries()) chatIds.push((await command<{ chat: { id: string } }>(v.socket, 'chat:start', chatStart(i))).chat.id);
    expect(await waitFor(async () => (await store.store.countActiveChats(karim.id)) === 2, 5000), 'Karim holds both chats').toBe(true);
    const salmaTab = await connectAgent(b.url, '', '', salma.token);
    sockets.push(salmaTab.socket);
    await command(salmaTab.socket, 'agent:status', { status: 'online' });
    const salmaGot: string[] = [];
    salmaTab.socket.on('chat:assigned', ({ chat }: { chat: { id: string } }) => salmaGot.push(chat.id));
    const told = visitors.map((v) => new Promise<Message>((resolve) => v.socket.on('message:created', ({ message }: { message: Message }) => {
      if (message.author.role === 'system' && message.text.includes('déconnecté')) resolve(message);
    })));

    await a.kill('SIGKILL');
    const killedAt = Date.now();

    // The lease: the key keeps A's name until it expires, then a survivor takes it.
    let takeoverMs = -1;
    let newHolder: string | null = null;
    await waitFor(async () => {
      newHolder = await store.leaseHolder();
      if (newHolder && newHolder !== 'kill-a') takeoverMs = Date.now() - killedAt;
      return takeoverMs >= 0;
    }, LEASE_MS * 4, 20);

    // Karim's chats stay his for the grace period (counted from when his connection stopped counting).
    await sleep(Math.max(0, 1000 - (Date.now() - killedAt)));
    expect((await Promise.all(chatIds.map((id) => store.store.getChat(id)))).map((ch) => ch?.agentId)).toEqual([karim.id, karim.id]);
    let graceFrom = 0; // when Karim's countdown started (ms), as stored by the lease holder
    const requeued = await waitFor(async () => {
      const since = (await store.graceCountdowns())[karim.id];
      if (since) graceFrom = Number(since);
      return (await store.store.countActiveChats(karim.id)) === 0;
    }, 20_000, 50);
    const requeuedMs = Date.now() - killedAt;
    await waitFor(() => salmaGot.length >= 2, 10_000);
    const handedMs = Date.now() - killedAt;
    const notices = await Promise.all(told.map((p) => Promise.race([p, sleep(5000).then(() => null)])));
    const chats = await Promise.all(chatIds.map((id) => store.store.getChat(id)));
    console.log(`node kill: lease kill-a → ${newHolder} in ${takeoverMs} ms (lease ${LEASE_MS} ms); `
      + `Karim's grace started ${graceFrom - killedAt} ms after the kill (heartbeat expiry), chats re-queued after ${requeuedMs} ms `
      + `(grace ${GRACE_SECONDS * 1000} ms), both on Salma after ${handedMs} ms`);
    for (const n of [b, c]) if (errorLines(n.output()).length) console.log(`${n.nodeId} logged errors:\n${errorLines(n.output()).slice(0, 10).join('\n')}`);

    expect(['kill-b', 'kill-c']).toContain(newHolder);
    // Renewed every third of its time, A's lease had at most LEASE_MS left; a survivor tries every third.
    expect(takeoverMs).toBeGreaterThanOrEqual(0);
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + LEASE_MS / 3 + 500);
    expect(requeued, "Karim's chats were re-queued").toBe(true);
    // The grace starts once A's heartbeat has expired (≤ 3 s) and a sweep has seen it (≤ 1 s), and runs in full.
    expect(graceFrom, "Karim's grace countdown was seen").toBeGreaterThan(killedAt);
    expect(graceFrom - killedAt).toBeLessThanOrEqual(3000 + 1000 + 500);
    expect(killedAt + requeuedMs - graceFrom).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 50);
    expect([...salmaGot].sort()).toEqual([...chatIds].sort());
    expect(chats.map((ch) => ({ status: ch?.status, agentId: ch?.agentId }))).toEqual(chatIds.map(() => ({ status: 'active', agentId: salma.id })));
    expect(notices.every(Boolean), 'each visitor was told by a system message').toBe(true);
    expect((await store.store.getAgent(karim.id))?.status).toBe('offline');
    // The survivors are alive and serve on: a visitor on C writes, Salma on B reads it.
    expect(b.running() && c.running()).toBe(true);
    const seen = once<{ message: Message }>(salmaTab.socket, 'message:created');
    await command(visitors[1]!.socket, 'message:send', { chatId: chatIds[1], clientMessageId: 'after-kill-1', text: 'Toujours là ?' });
    expect((await seen).message.text).toBe('Toujours là ?');
  });
});
