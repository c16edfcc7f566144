// One node versus three nodes on one Redis, at the same load (issue 7).
//   pnpm bench:cluster                       (1 and 3 nodes, 400 msg/s offered, 20 s each)
//   pnpm bench:cluster --rate 800 --seconds 30 --nodes 1,2,3
// For each node count: a fresh redis-server (AOF, appendfsync everysec), N server nodes as child
// processes, agents and visitors (real socket.io clients, in this process) spread over the nodes
// so that most conversations cross nodes. Visitors and agents send messages at a fixed total rate;
// each message carries its send time, the other side records when message:created arrives.
// Printed: delivered messages/s, latency p50/p95/p99 per direction, errors, CPU of the nodes
// and of redis-server. Caveat: nodes, Redis and the load generator share the machine's 2 cores,
// so three nodes compete for the same CPU; the figures show the cost of the cluster's extra hop
// (Redis pub/sub), not the capacity of three machines.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { startClusterNodes, writePolicyFile, type ClusterNode } from '../support/clusterNode';
import { openClusterStore } from '../support/clusterStore';
import { createRedisServer } from '../support/redisServer';
import { waitFor } from '../support/waitFor';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1,3' },
    rate: { type: 'string', default: '400' },
    seconds: { type: 'string', default: '20' },
    agents: { type: 'string', default: '40' },
    chats: { type: 'string', default: '160' },
  },
});
const NODE_COUNTS = values.nodes.split(',').map(Number).filter((n) => n >= 1 && n <= 5);
const RATE = Math.min(5000, Number(values.rate));
const SECONDS = Math.min(300, Number(values.seconds));
const AGENTS = Math.min(500, Number(values.agents));
const CHATS = Math.min(2000, Number(values.chats));
const MAX_CHATS = Math.ceil(CHATS / AGENTS) + 1;
const TICK_MS = 10;

const policy = writePolicyFile({
  routing: { answerTimeoutSeconds: 86_400, visitorIdleMinutes: 100_000, noAgentTicketOfferMinutes: 100_000 },
  limits: { connectionsPerIp: 100_000, chatStartsPerMinutePerIp: 100_000, messagesPerSecond: 100_000, messageBurst: 100_000 },
  longChat: { suggestAfterMinutes: 100_000, suggestAfterMessages: 100_000, autoConvertAfterMinutes: 100_000 },
});

const percentile = (sorted: number[], p: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: +percentile(s, 50).toFixed(2), p95: +percentile(s, 95).toFixed(2), p99: +percentile(s, 99).toFixed(2) };
};
/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
const ack = (socket: Socket, event: string, payload: unknown) =>
  socket.timeout(10_000).emitWithAck(event, payload) as Promise<{ ok: boolean; data?: { chat?: { id: string } } }>;

async function run(nodeCount: number) {
  const redis = await createRedisServer();
  const nodes: ClusterNode[] = [];
  const sockets: Socket[] = [];
  await redis.start();
  const prefix = `bench:${nodeCount}:`;
  // everysec: the setting docs/OPERATIONS.md recommends (the tests use always).
  await fetchRedisConfig(redis.port);
  const store = await openClusterStore(`redis://127.0.0.1:${redis.port}`, prefix);
  try {
    await startClusterNodes(Array.from({ length: nodeCount }, (_, i) => `bench-${i}`), { redisUrl: `redis://127.0.0.1:${redis.port}`, prefix, policyFile: policy.file, env: { OVERLOAD_LAG_MS: '250' } }, nodes);
    const latency = { visitorToAgent: [] as number[], agentToVisitor: [] as number[] };
    let errors = 0;
    const chatsOfAgent = new Map<Socket, string[]>();
    const connect = (url: string, namespace: string, auth: object) => {
      const socket = io(`${url}/${namespace}`, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(socket);
      return socket;
    };
    const onMessage = (direction: keyof typeof latency, fromRole: string) => ({ message }: { message: { text: string; author: { role: string } } }) => {
      if (message.author.role !== fromRole) return;
      const sentAt = Number(/^t=(\d+(?:\.\d+)?)/.exec(message.text)?.[1]);
      if (Number.isFinite(sentAt)) latency[direction].push(performance.timeOrigin + performance.now() - sentAt);
    };
    for (let i = 0; i < AGENTS; i++) {
      const { token } = await store.createAgent(`agent${i}`, MAX_CHATS);
      const socket = connect(nodes[i % nodeCount]!.url, 'agent', { protocol: 1, token });
      chatsOfAgent.set(socket, []);
      socket.on('chat:assigned', ({ chat }: { chat: { id: string } }) => chatsOfAgent.get(socket)!.push(chat.id));
      socket.on('message:created', onMessage('visitorToAgent', 'visitor'));
      await new Promise((resolve) => socket.once('session:ready', resolve));
      if (!(await ack(socket, 'agent:status', { status: 'online' })).ok) errors++;
    }
    const visitors: { socket: Socket; chatId: string }[] = [];
    for (let i = 0; i < CHATS; i++) {
      // Visitors on the "next" node from their likely agent: most conversations cross nodes.
      const socket = connect(nodes[(i + 1) % nodeCount]!.url, 'visitor', { protocol: 1 });
      socket.on('message:created', onMessage('agentToVisitor', 'agent'));
      await new Promise((resolve) => socket.once('session:ready', resolve));
      const res = await ack(socket, 'chat:start', { name: `Visiteur ${i}`, email: `v${i}@example.com`, department: 'technical', subject: 'Mesure', message: 'Bonjour' });
      if (res.ok && res.data?.chat) visitors.push({ socket, chatId: res.data.chat.id });
      else errors++;
    }
    const assigned = await waitFor(() => [...chatsOfAgent.values()].reduce((n, c) => n + c.length, 0) >= visitors.length, 30_000);
    if (!assigned) throw new Error('not every chat was assigned');
    const agentChats = [...chatsOfAgent.entries()].flatMap(([socket, ids]) => ids.map((chatId) => ({ socket, chatId })));

    latency.visitorToAgent.length = 0;
    latency.agentToVisitor.length = 0;
    const cpuBefore = nodes.map((n) => cpuSeconds(n.pid));
    const redisCpuBefore = cpuSeconds(redis.pid());
    const started = performance.now();
    let sent = 0;
    let seq = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.floor(((performance.now() - started) / 1000) * RATE) - sent;
        for (let k = 0; k < due; k++, sent++) {
          const fromVisitor = sent % 2 === 0;
          const pick = fromVisitor ? visitors[seq++ % visitors.length]! : agentChats[seq++ % agentChats.length]!;
          const text = `t=${(performance.timeOrigin + performance.now()).toFixed(2)} message ${sent}`;
          ack(pick.socket, 'message:send', { chatId: pick.chatId, clientMessageId: `b${nodeCount}-${sent}`, text })
            .then((r) => void (r.ok || errors++), () => void errors++);
        }
        if (performance.now() - started >= SECONDS * 1000) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the last ones arrive
    const wall = (performance.now() - started) / 1000;
    const nodeCpu = nodes.reduce((sum, n, i) => sum + cpuSeconds(n.pid) - cpuBefore[i]!, 0);
    return {
      nodes: nodeCount, offeredPerSecond: RATE, seconds: SECONDS, agents: AGENTS, chats: visitors.length, sent,
      deliveredPerSecond: +((latency.visitorToAgent.length + latency.agentToVisitor.length) / SECONDS).toFixed(1),
      visitorToAgentMs: summary(latency.visitorToAgent), agentToVisitorMs: summary(latency.agentToVisitor), errors,
      nodesCpuPercentOfCore: +((nodeCpu / wall) * 100).toFixed(1),
      redisCpuPercentOfCore: +(((cpuSeconds(redis.pid()) - redisCpuBefore) / wall) * 100).toFixed(1),
    };
  } finally {
    for (const s of sockets) s.disconnect();
    await Promise.all(nodes.map((n) => n.close()));
    await store.close();
    await redis.close();
  }
}

/** Switches the dedicated Redis to appendfsync everysec (the recommended production setting). */
async function fetchRedisConfig(port: number): Promise<void> {
  const { createClient } = await import('redis');
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  await client.connect();
  await client.configSet('appendfsync', 'everysec');
  await client.close();
}

const results = [];
try {
  for (const n of NODE_COUNTS) {
    const result = await run(n);
    results.push(result);
    console.log(JSON.stringify(result));
  }
} finally {
  policy.dispose();
}
console.log('\nnodes  delivered/s  v→a p50/p99 ms   a→v p50/p99 ms   errors  nodes CPU  redis CPU');
for (const r of results) {
  console.log(`${String(r.nodes).padEnd(6)} ${String(r.deliveredPerSecond).padEnd(12)} ${`${r.visitorToAgentMs.p50}/${r.visitorToAgentMs.p99}`.padEnd(16)} ${`${r.agentToVisitorMs.p50}/${r.agentToVisitorMs.p99}`.padEnd(16)} ${String(r.errors).padEnd(7)} ${r.nodesCpuPercentOfCore}%`.padEnd(10) + `     ${r.redisCpuPercentOfCore}%`);
}
