import { parsePolicy } from '@besoin/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, connectAgent, connectVisitor } from '../support/clients';
import { seededRandom } from '../support/random';
import { startServer, type E2eServer } from '../support/server';

// 500 chats started at once over 20 agents with random capacities; then rounds of random ends,
// closes and agent disconnects (some back within the grace period, some after it). After
// every round: capacity never exceeded, no chat lost, no chat on two agents, and no chat left
// queued for more than 1 s while an available agent of its department has room.

const SEED = Number(process.env.STRESS_SEED ?? 20261126);
const CHATS = 500;
const AGENTS = 20;
const ROUNDS = 12;
const GRACE_SECONDS = 0.4;
const rnd = seededRandom(SEED);

interface AgentClient { login: string; id: string; maxChats: number; socket: Socket; token: string; held: Set<string> }

let server: E2eServer;
const agents: AgentClient[] = [];
const visitors = new Map<string, Socket>(); // chatId → visitor socket

function track(agent: AgentClient): void {
  agent.socket.on('chat:assigned', ({ chat }: { chat: { id: string } }) => agent.held.add(chat.id));
  agent.socket.on('chat:updated', ({ chat }: { chat: { id: string; status: string; agent?: { id: string } } }) => {
    if (chat.status !== 'active' || chat.agent?.id !== agent.id) agent.held.delete(chat.id);
  });
}

async function connect(agent: Omit<AgentClient, 'socket' | 'token' | 'id'> & Partial<AgentClient>): Promise<AgentClient> {
  const c = await connectAgent(server.url, agent.login, 'stress-password', agent.token);
  const full: AgentClient = { ...agent, socket: c.socket, token: c.token, id: c.agentId, held: new Set() } as AgentClient;
  track(full);
  for (const chat of await server.store.listActiveChatsOfAgent(full.id)) full.held.add(chat.id);
  await command(full.socket, 'agent:status', { status: 'online' });
  return full;
}

/** Checks every invariant once the system has had `settleMs` to react. */
async function checkInvariants(round: number): Promise<{ active: number; queued: number; ended: number }> {
  const deadline = Date.now() + 1000; // "no chat queued for more than 1 s while an agent has room"
  for (;;) {
    const chats = await Promise.all([...visitors.keys()].map((id) => server.store.getChat(id)));
    expect(chats.every(Boolean), `round ${round}: a chat was lost`).toBe(true);
    const byAgent = new Map<string, number>();
    for (const chat of chats) if (chat!.status === 'active') byAgent.set(chat!.agentId!, (byAgent.get(chat!.agentId!) ?? 0) + 1);
    for (const agent of agents) {
      const count = await server.store.countActiveChats(agent.id);
      expect(count, `round ${round}: ${agent.login} over capacity`).toBeLessThanOrEqual(agent.maxChats);
      expect(byAgent.get(agent.id) ?? 0).toBe(count);
    }
    const queued = chats.filter((c) => c!.status === 'queued').length;
    const active = chats.filter((c) => c!.status === 'active').length;
    const ended = chats.filter((c) => c!.status === 'ended').length;
    expect(queued + active + ended).toBe(CHATS);
    // an available agent with room while chats wait?
    let idleRoom = false;
    for (const agent of agents) {
      const record = await server.store.getAgent(agent.id);
      const connected = agent.socket.connected;
      if (record?.status === 'online' && connected && (await server.store.countActiveChats(agent.id)) < agent.maxChats) idleRoom = true;
    }
    // the agents' own views agree with the store: a chat is held by one agent only
    const holders = new Map<string, string>();
    let viewsAgree = true;
    for (const agent of agents) {
      for (const chatId of agent.held) {
        if (holders.has(chatId)) viewsAgree = false;
        holders.set(chatId, agent.id);
      }
    }
    for (const chat of chats) if (chat!.status === 'active' && agents.find((a) => a.id === chat!.agentId)?.socket.connected && holders.get(chat!.id) !== chat!.agentId) viewsAgree = false;
    if ((!queued || !idleRoom) && viewsAgree) return { active, queued, ended };
    if (Date.now() > deadline) {
      expect(viewsAgree, `round ${round}: agents' views disagree with the store`).toBe(true);
      expect(queued > 0 && idleRoom, `round ${round}: ${queued} chats queued for over 1 s while an agent had room`).toBe(false);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  server = await startServer({
    policy: parsePolicy({
      routing: { agentGraceSeconds: GRACE_SECONDS, answerTimeoutSeconds: 3600, visitorIdleMinutes: 600, noAgentTicketOfferMinutes: 600 },
      limits: { messagesPerSecond: 100000, messageBurst: 100000, chatStartsPerMinutePerIp: 100000, connectionsPerIp: 100000 },
    }),
  });
  for (let i = 0; i < AGENTS; i++) {
    const login = `agent${i}`;
    const maxChats = rnd.int(1, 6);
    await server.createAgent({ login, name: `Agent ${i}`, password: 'stress-password', maxChats });
    agents.push(await connect({ login, maxChats, held: new Set() }));
  }
}, 120_000);

afterAll(async () => {
  for (const a of agents) a.socket.disconnect();
  for (const v of visitors.values()) v.disconnect();
  await server?.close();
});

describe(`routing stress (seed ${SEED})`, () => {
  it(`starts ${CHATS} chats at once over ${AGENTS} agents and keeps every invariant through ${ROUNDS} rounds`, async () => {
    const capacity = agents.reduce((s, a) => s + a.maxChats, 0);
    // Connect the visitors in batches of 50, then start every chat at once.
    const sockets: Socket[] = [];
    for (let i = 0; i < CHATS; i += 50) {
      sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, CHATS - i) }, () => connectVisitor(server.url)))).map((v) => v.socket));
    }
    const t0 = performance.now();
    const started = await Promise.all(sockets.map(async (socket, i) => {
      const { chat } = await command<{ chat: { id: string } }>(socket, 'chat:start', {
        name: `Visiteur ${i}`, email: `v${i}@example.com`, department: 'technical', subject: `Demande ${i}`, message: 'Bonjour',
      }, 60_000);
      visitors.set(chat.id, socket);
      return chat.id;
    }));
    const startMs = performance.now() - t0;
    expect(new Set(started).size).toBe(CHATS);
    let stats = await checkInvariants(0);
    expect(stats.active).toBe(Math.min(CHATS, capacity));
    const log = [`round 0: ${CHATS} chat:start in ${startMs.toFixed(0)} ms; capacity ${capacity}, active ${stats.active}, queued ${stats.queued}`];

    for (let round = 1; round <= ROUNDS; round++) {
      const active = (await Promise.all([...visitors.keys()].map((id) => server.store.getChat(id)))).filter((c) => c?.status === 'active');
      // visitors end some chats, agents close others
      const ending = rnd.sample(active, Math.min(active.length, rnd.int(10, 30)));
      await Promise.all(ending.map(async (chat, i) => {
        const holder = agents.find((a) => a.id === chat!.agentId);
        if (i % 2 === 0 || !holder?.socket.connected) await command(visitors.get(chat!.id)!, 'chat:end', { chatId: chat!.id });
        else {
          await command(holder.socket, 'chat:close', { chatId: chat!.id });
          holder.held.delete(chat!.id); // the closing socket gets the ack, not the broadcast
        }
      }));
      // 1–2 agents drop: one back within the grace period, one after it
      const dropping = rnd.sample(agents, rnd.int(1, 2));
      await Promise.all(dropping.map(async (agent, i) => {
        agent.socket.disconnect();
        const quick = i === 0;
        await new Promise((r) => setTimeout(r, quick ? GRACE_SECONDS * 250 : GRACE_SECONDS * 1000 + 700));
        const back = await connect(agent);
        Object.assign(agent, back);
      }));
      stats = await checkInvariants(round);
      log.push(`round ${round}: ended ${ending.length}, dropped ${dropping.length}, active ${stats.active}, queued ${stats.queued}, ended total ${stats.ended}`);
    }
    console.log(`routing stress, seed ${SEED}\n  ${log.join('\n  ')}`);
  }, 240_000);
});
