import { parsePolicy } from '@besoin/shared';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, connectAgent, connectVisitor } from '../support/clients';
import { seededRandom } from '../support/random';
import { disruptRound, tallyChats, viewProblems } from '../support/routingStress';
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
  // The agents' views follow by events: on a loaded machine they may need longer than routing.
  const viewsDeadline = Date.now() + 5000;
  for (;;) {
    const stored = await Promise.all([...visitors.keys()].map((id) => server.store.getChat(id)));
    const { chats, byAgent, queued, active, ended } = tallyChats(stored, CHATS, round);
    for (const agent of agents) {
      const count = await server.store.countActiveChats(agent.id);
      expect(count, `round ${round}: ${agent.login} over capacity`).toBeLessThanOrEqual(agent.maxChats);
      expect(byAgent.get(agent.id) ?? 0).toBe(count);
    }
    // an available agent with room while chats wait?
    let idleRoom = false;
    for (const agent of agents) {
      const record = await server.store.getAgent(agent.id);
      const connected = agent.socket.connected;
      if (record?.status === 'online' && connected && (await server.store.countActiveChats(agent.id)) < agent.maxChats) idleRoom = true;
    }
    // the agents' own views agree with the store: a chat is held by one agent only
    const disagreements = viewProblems(agents, chats);
    if ((!queued || !idleRoom) && disagreements.length === 0) return { active, queued, ended };
    if (Date.now() > deadline) {
      expect(queued > 0 && idleRoom, `round ${round}: ${queued} chats queued for over 1 s while an agent had room`).toBe(false);
    }
    if (Date.now() > viewsDeadline) expect(disagreements, `round ${round}: agents' views disagree with the store`).toEqual([]);
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
      // visitors end some chats, agents close others; 1–2 agents drop: one back within the grace period, one after it
      const { ended, dropped } = await disruptRound({ rnd, store: server.store, agents, visitors, graceSeconds: GRACE_SECONDS, reconnect: connect });
      stats = await checkInvariants(round);
      log.push(`round ${round}: ended ${ended}, dropped ${dropped}, active ${stats.active}, queued ${stats.queued}, ended total ${stats.ended}`);
    }
    console.log(`routing stress, seed ${SEED}\n  ${log.join('\n  ')}`);
  }, 240_000);
});
