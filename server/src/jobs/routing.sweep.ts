import type { Policy } from '@besoin/shared';
import type { AgentService } from '../domain/agents';
import type { ChatService } from '../domain/chats';
import type { Clock } from '../domain/clock';
import type { GraceTracker } from '../domain/grace';
import type { Presence } from '../domain/presence';
import type { Routing } from '../domain/routing';
import { texts } from '../domain/texts';
import type { Store } from '../store/store';

export interface RoutingSweepDeps {
  store: Store;
  clock: Clock;
  policy: Policy;
  routing: Routing;
  presence: Presence;
  grace: GraceTracker;
  agents: AgentService;
  chats: ChatService;
}

/** How often the routing sweep runs: a quarter of the shortest routing delay, between 50 ms and 1 s. */
export function routingSweepIntervalMs(policy: Policy): number {
  const shortest = Math.min(
    policy.routing.agentGraceSeconds * 1000 || Infinity,
    policy.routing.answerTimeoutSeconds * 1000,
    policy.routing.visitorIdleMinutes * 60_000,
    policy.routing.noAgentTicketOfferMinutes * 60_000,
  );
  return Math.min(1000, Math.max(50, Math.floor(shortest / 4)));
}

/**
 * One pass of the routing timers (DESIGN §5 rule 10): agents whose grace ran out lose their
 * chats to the front of the queue; chats not answered in time go to the next agent and their
 * agent is set away; chats the visitor left idle end politely; queues are re-published. It runs
 * on one node of a cluster at a time (the jobs lease), so nothing here may rely on this node's
 * own connections: presence and grace are the cluster's.
 */
export function createRoutingSweep({ store, clock, policy, routing, presence, grace, agents, chats }: RoutingSweepDeps) {
  let lastQueueRefresh = 0;

  /**
   * Agents holding chats with no live connection anywhere start their grace: after a restart,
   * or when the node they were connected to died without telling anyone.
   */
  async function graceForHolders(nowMs: number): Promise<void> {
    const holders = new Set((await store.listActiveChats()).map((chat) => chat.agentId));
    for (const agentId of holders) {
      if (agentId && !(await presence.isConnected(agentId))) await grace.start(agentId, nowMs);
    }
  }

  /** A routing pass for every department with waiting chats (a pass lost with a node is redone). */
  async function drainWaiting(): Promise<void> {
    for (const department of policy.departments) {
      if ((await store.queueStats(department.id)).waiting > 0) await routing.drain(department.id);
    }
  }

  async function expireGrace(nowMs: number): Promise<void> {
    for (const agentId of await grace.expired(nowMs, policy.routing.agentGraceSeconds * 1000)) {
      if (await presence.isConnected(agentId)) continue;
      const agent = await store.getAgent(agentId);
      if (!agent) continue;
      for (const chat of await store.listActiveChatsOfAgent(agentId)) await routing.requeue(chat, texts.agentLeft(agent.name));
      if (agent.status !== 'offline') await agents.setStatus(agentId, 'offline');
    }
  }

  async function answerTimeouts(nowMs: number): Promise<void> {
    const before = new Date(nowMs - policy.routing.answerTimeoutSeconds * 1000).toISOString();
    for (const chat of await store.listChatsAwaitingAnswer(before)) {
      if (!chat.agentId) continue;
      const agent = await store.getAgent(chat.agentId);
      if (agent && agent.status === 'online') await agents.setStatus(agent.id, 'away');
      await routing.requeue(chat, texts.answerTimeout(agent?.name ?? 'Le conseiller'));
    }
  }

  async function idleChats(nowMs: number): Promise<void> {
    // Idle on the visitor's side: the agent spoke last and the visitor has not answered since.
    const before = new Date(nowMs - policy.routing.visitorIdleMinutes * 60_000).toISOString();
    for (const chat of await store.listChatsIdleSince(before)) await chats.endIdle(chat);
  }

  return async function sweep(): Promise<void> {
    const nowMs = clock.now().getTime();
    const periodic = nowMs - lastQueueRefresh >= Math.min(policy.sweepSeconds * 1000, 5000);
    if (periodic) await graceForHolders(nowMs);
    await expireGrace(nowMs);
    await answerTimeouts(nowMs);
    await idleChats(nowMs);
    await drainWaiting();
    if (periodic) {
      lastQueueRefresh = nowMs;
      await routing.refreshQueues();
    }
  };
}
