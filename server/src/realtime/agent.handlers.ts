import { agentCommands, DEPARTMENTS, errors, type AgentCommandName, type QueueSummary } from '@besoin/shared';
import { AGENT_EVENT_ROLES } from '../auth/permissions';
import type { AgentService } from '../domain/agents';
import type { ChatService } from '../domain/chats';
import type { Clock } from '../domain/clock';
import type { Logger } from '../domain/deps';
import type { Metrics } from '../observability/metrics';
import type { GraceTracker } from '../domain/grace';
import type { Presence } from '../domain/presence';
import type { Routing } from '../domain/routing';
import type { TicketService } from '../domain/tickets';
import type { AgentRecord, Store } from '../store/store';
import { handshakeIp } from '../security/clientIp';
import type { PolicyLimits } from '../security/policyLimits';
import { answerUnknownEvents, registerCommands } from './command';
import { rooms, type AgentSocket } from './types';

export interface AgentHandlerDeps {
  agents: AgentService;
  chats: ChatService;
  tickets: TicketService;
  routing: Routing;
  presence: Presence;
  grace: GraceTracker;
  store: Store;
  clock: Clock;
  limits: PolicyLimits;
  logger: Logger;
  metrics?: Metrics;
}

const seesAllQueues = (agent: AgentRecord) => agent.role !== 'agent';
/** The departments whose queues an agent sees: their own; every one for supervisors and admins. */
export const visibleDepartments = (agent: AgentRecord) => (seesAllQueues(agent) ? [...DEPARTMENTS] : agent.departments);

/** Wires one agent connection: rooms, presence, session:ready, and the commands of `/agent`. */
export async function registerAgentHandlers(socket: AgentSocket, deps: AgentHandlerDeps): Promise<void> {
  const { agents, chats, tickets, routing, presence, grace, store, clock, limits, logger } = deps;
  const agentId = socket.data.agent.id;

  // The account may change while connected (role, departments): each command reads it afresh,
  // and its role is checked against the permission table. Typing indicators (the most frequent
  // command, and ephemeral) use the account as last read on this connection if that was under
  // TYPING_AGENT_TTL_MS ago.
  const TYPING_AGENT_TTL_MS = 1000;
  let lastRead: { agent: AgentRecord; at: number } | null = null;
  async function actor(event: AgentCommandName) {
    const kept = event === 'typing:set' && lastRead && performance.now() - lastRead.at < TYPING_AGENT_TTL_MS ? lastRead.agent : null;
    const agent = kept ?? (await store.getAgent(agentId));
    if (!agent) throw errors.unauthorized('This account no longer exists.');
    if (!kept) lastRead = { agent, at: performance.now() };
    if (!AGENT_EVENT_ROLES[event].includes(agent.role)) throw errors.forbidden();
    return { kind: 'agent' as const, agent, origin: socket.id };
  }

  async function queues(agent: AgentRecord): Promise<QueueSummary[]> {
    return Promise.all(visibleDepartments(agent).map((d) => routing.counts(d)));
  }

  const handlers = {
    'agent:status': async (p) => {
      await actor('agent:status');
      const agent = await agents.setStatus(agentId, p.status, socket.id);
      return {
        data: { agent: await agents.view(agent) },
        effects: async () => {
          if (agent.status === 'online') await routing.drainFor(agent);
        },
      };
    },
    'message:send': async (p) => chats.send(await actor('message:send'), p),
    'chat:sync': async (p) => chats.sync(await actor('chat:sync'), p.chatId, p.afterSeq),
    'typing:set': async (p) => chats.typing(await actor('typing:set'), p.chatId, p.typing),
    'chat:read': async (p) => chats.read(await actor('chat:read'), p.chatId, p.seq),
    'chat:close': async (p) => chats.close(await actor('chat:close'), p.chatId),
    'chat:pick': async (p) => ({ chat: await routing.pick((await actor('chat:pick')).agent, p.chatId) }),
    'chat:transfer': async (p) => ({ chat: await routing.transfer((await actor('chat:transfer')).agent, p.chatId, p) }),
    'chat:convert': async (p) => tickets.convert((await actor('chat:convert')).agent, p.chatId, p),
    'chat:join': async (p) => chats.join(await actor('chat:join'), p.chatId),
  } satisfies Parameters<typeof registerCommands<typeof agentCommands>>[2];
  const origin = { sender: `agent:${agentId}`, ip: handshakeIp(socket.handshake) };
  registerCommands(socket, agentCommands, handlers, logger, (event) => limits.command(event, origin), (event, seconds) => deps.metrics?.ackLatency.observe({ event }, seconds));
  answerUnknownEvents(socket, new Set(Object.keys(handlers)));

  const agent = socket.data.agent;
  await socket.join([
    rooms.agent(agent.id),
    rooms.session(socket.data.tokenHash),
    ...agent.departments.map(rooms.department),
    ...(seesAllQueues(agent) ? [rooms.supervisors] : []),
  ]);
  const first = await presence.connected(agent.id, socket.id);
  await grace.cancel(agent.id);
  socket.on('disconnect', () => {
    presence
      .disconnected(agent.id, socket.id)
      .then(async (last) => {
        if (last) await grace.start(agent.id, clock.now().getTime());
      })
      .catch((error: unknown) => logger.error({ err: error }, 'presence update failed'));
  });
  socket.emit('session:ready', {
    agent: await agents.view(agent),
    chats: await chats.activeChatsOf(agent),
    queues: await queues(agent),
  });
  if (first && agent.status === 'online') await routing.drainFor(agent);
}
