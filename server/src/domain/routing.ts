import { errors, type ChatView, type Department, type Policy, type QueueSummary } from '@besoin/shared';
import type { AgentRecord, ChatRecord, Store } from '../store/store';
import type { AgentService } from './agents';
import type { Availability } from './availability';
import type { Clock } from './clock';
import type { Logger } from './deps';
import type { EtaEstimator } from './eta';
import { createKeyedMutex } from './mutex';
import type { Notifier } from './notifier';
import { texts } from './texts';
import { chatView, messageView } from './views';

export interface RoutingDeps {
  store: Store;
  clock: Clock;
  policy: Policy;
  notifier: Notifier;
  availability: Availability;
  agents: AgentService;
  eta: EtaEstimator;
  logger: Logger;
  /** Told of each assignment: the chat as assigned, and seconds since the start of the pass that made it (null: picked by hand). */
  onAssigned?: (chat: ChatRecord, passSeconds: number | null) => void;
}

type Candidate = { agent: AgentRecord; load: number };

/** Least loaded first; ties to the agent longest since their last assignment (never assigned first). */
function byLoadThenLongestIdle(a: Candidate, b: Candidate): number {
  return a.load - b.load || (a.agent.lastAssignedAt ?? '').localeCompare(b.agent.lastAssignedAt ?? '');
}

/**
 * Routing (DESIGN §5 rule 10): queued chats go to the least-loaded available agent of their
 * department. Passes are serialised per department; the slot itself is reserved atomically by
 * the store, so capacity holds even when passes (or nodes) race. Also: pick, transfer,
 * re-queue, and the live queue (positions, estimates, ticket offers).
 */
export function createRouting({ store, clock, policy, notifier, availability, agents, eta, logger, onAssigned }: RoutingDeps) {
  const mutex = createKeyedMutex();
  const published = new Map<string, string>();
  const offered = new Set<string>();
  const now = () => clock.now().toISOString();
  const PUBLISH_PAGE = 500;
  const HEAD_SIZE = 100;

  // A queued chat's view needs the department's capacity (for the wait estimate), and views are
  // built on every chat start and resync: under load, re-reading every online agent for each
  // one was 7 % of the server's time. The capacity is kept for CAPACITY_TTL_MS, and only when
  // someone is available: "nobody available" (which may offer the ticket form) is always read
  // afresh, so a stale value can only delay an offer, never make a wrong one.
  const slotsOf = (candidates: Candidate[]) => candidates.reduce((sum, c) => sum + availability.maxChats(c.agent), 0);
  const CAPACITY_TTL_MS = 250;
  const capacities = new Map<Department, { at: number; value: Promise<{ agents: number; slots: number }> }>();
  function capacity(department: Department): Promise<{ agents: number; slots: number }> {
    const kept = capacities.get(department);
    if (kept && performance.now() - kept.at < CAPACITY_TTL_MS) return kept.value;
    const value = availability.withLoad(department).then((candidates) => ({
      agents: candidates.length,
      slots: slotsOf(candidates),
    }));
    capacities.set(department, { at: performance.now(), value });
    const forget = () => void capacities.delete(department);
    value.then((v) => v.agents === 0 && forget(), forget);
    return value;
  }

  async function systemMessage(chat: ChatRecord, text: string): Promise<ChatRecord> {
    const result = await store.appendMessage(
      { chatId: chat.id, clientMessageId: null, authorRole: 'system', authorName: texts.systemName, authorId: null, text, internal: false },
      now(),
    );
    if (!result.ok) return chat;
    const message = messageView(result.message);
    notifier.toVisitor(chat.visitorId, 'message:created', { message });
    if (result.chat.agentId && result.chat.status === 'active') notifier.toAgent(result.chat.agentId, 'message:created', { message });
    return result.chat;
  }

  /** Tells the agent, the visitor and the agent's other views about a new assignment. */
  async function announce(chat: ChatRecord, agent: AgentRecord, joinedText = texts.agentJoined(agent.name)): Promise<void> {
    published.delete(chat.id);
    offered.delete(chat.id);
    const joined = await store.appendMessage(
      { chatId: chat.id, clientMessageId: null, authorRole: 'system', authorName: texts.systemName, authorId: null, text: joinedText, internal: false },
      now(),
    );
    const current = joined.ok ? joined.chat : chat;
    const messages = await store.listMessages(chat.id, 0, { includeInternal: true });
    const view = chatView(current);
    notifier.toAgent(agent.id, 'chat:assigned', { chat: view, messages: messages.map(messageView) });
    notifier.toAgent(agent.id, 'agent:updated', { agent: await agents.view(agent) });
    notifier.toVisitor(chat.visitorId, 'chat:updated', { chat: view });
    if (joined.ok) notifier.toVisitor(chat.visitorId, 'message:created', { message: messageView(joined.message) });
  }

  /** A department's queue counts (no rows read). */
  function summary(department: Department, { waiting, oldestQueuedAt }: { waiting: number; oldestQueuedAt: string | null }): QueueSummary {
    const nowMs = clock.now().getTime();
    const oldestWaitSeconds = oldestQueuedAt ? Math.max(0, Math.round((nowMs - Date.parse(oldestQueuedAt)) / 1000)) : 0;
    return { department, waiting, oldestWaitSeconds };
  }

  async function counts(department: Department): Promise<QueueSummary> {
    return summary(department, await store.queueStats(department));
  }

  // Agents' views tick the oldest wait by themselves: a department's counts are sent when they
  // change (another chat waiting or served, another oldest chat), at most every
  // COUNTS_INTERVAL_MS with the last change following (trailing), and by every whole refresh.
  // With 200 agents per department, each sending is 200 packets.
  const COUNTS_INTERVAL_MS = 1000;
  const sentCounts = new Map<Department, { key: string; at: number }>();
  const countTimers = new Map<Department, NodeJS.Timeout>();
  async function publishCounts(department: Department, force: boolean): Promise<void> {
    const stats = await store.queueStats(department);
    const key = `${stats.waiting}|${stats.oldestQueuedAt ?? ''}`;
    const last = sentCounts.get(department);
    if (!force && last?.key === key) return;
    const wait = last && !force ? last.at + COUNTS_INTERVAL_MS - performance.now() : 0;
    if (wait > 0) {
      if (countTimers.has(department)) return;
      const timer = setTimeout(() => {
        countTimers.delete(department);
        publishCounts(department, false).catch((error: unknown) => logger.error({ err: error, department }, 'queue counts failed'));
      }, wait);
      timer.unref();
      countTimers.set(department, timer);
      return;
    }
    sentCounts.set(department, { key, at: performance.now() });
    notifier.toDepartment(department, 'queue:updated', summary(department, stats));
  }

  async function queueViews(department: Department, limit?: number): Promise<{ chat: ChatRecord; view: ChatView }[]> {
    const queued = await store.listQueuedChats(department, limit);
    const candidates = await availability.withLoad(department);
    const slots = slotsOf(candidates);
    const nowMs = clock.now().getTime();
    const offerAfterMs = policy.routing.noAgentTicketOfferMinutes * 60_000;
    return queued.map((chat, index) => {
      if (candidates.length === 0 && nowMs - Date.parse(chat.queuedAt) >= offerAfterMs) offered.add(chat.id);
      const view = chatView(chat, index + 1, eta.estimate(department, index + 1, slots));
      if (offered.has(chat.id)) view.offerTicket = true;
      return { chat, view };
    });
  }

  /**
   * Pushes changed positions, estimates and ticket offers to waiting visitors, and counts to
   * agents. After a routing pass only the head of the queue (the first HEAD_SIZE chats) is
   * published, within PUBLISH_INTERVAL_MS; the whole queue is published by the periodic refresh,
   * read in pages with a yield to the event loop between pages, so that ten thousand waiting
   * visitors never stall routing or messages.
   */
  async function publishQueue(department: Department, whole: boolean): Promise<void> {
    const candidates = await availability.withLoad(department);
    const slots = slotsOf(candidates);
    const nowMs = clock.now().getTime();
    const offerAfterMs = policy.routing.noAgentTicketOfferMinutes * 60_000;
    for (let offset = 0; ; offset += PUBLISH_PAGE) {
      const page = await store.listQueuedChats(department, whole ? PUBLISH_PAGE : HEAD_SIZE, offset);
      page.forEach((chat, i) => {
        const position = offset + i + 1;
        if (candidates.length === 0 && nowMs - Date.parse(chat.queuedAt) >= offerAfterMs) offered.add(chat.id);
        const etaSeconds = eta.estimate(department, position, slots);
        const key = `${position}|${etaSeconds ?? ''}|${offered.has(chat.id) ? 1 : 0}`;
        if (published.get(chat.id) === key) return;
        published.set(chat.id, key);
        const view = chatView(chat, position, etaSeconds);
        if (offered.has(chat.id)) view.offerTicket = true;
        notifier.toVisitor(chat.visitorId, 'chat:updated', { chat: view });
      });
      if (!whole || page.length < PUBLISH_PAGE) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await publishCounts(department, whole);
  }

  async function pass(department: Department): Promise<void> {
    const started = performance.now();
    const candidates = await availability.withLoad(department, { withRoom: true });
    if (candidates.length > 0) {
      // Only the head of the queue can be served: as many chats as there are free slots.
      const freeSlots = candidates.reduce((sum, c) => sum + availability.maxChats(c.agent) - c.load, 0);
      const queued = await store.listQueuedChats(department, freeSlots);
      for (const chat of queued) {
        const withRoom = candidates.filter((c) => c.load < availability.maxChats(c.agent)).sort(byLoadThenLongestIdle);
        if (withRoom.length === 0) break;
        for (const candidate of withRoom) {
          const at = now();
          const result = await store.assignChat(chat.id, candidate.agent.id, availability.maxChats(candidate.agent), at);
          if (result.ok) {
            onAssigned?.(result.chat, (performance.now() - started) / 1000);
            candidate.load += 1;
            candidate.agent.lastAssignedAt = at;
            await announce(result.chat, candidate.agent);
            break;
          }
          if (result.reason === 'agent_full') candidate.load = availability.maxChats(candidate.agent);
          else break; // the chat was taken or ended meanwhile: next chat
        }
      }
    }
    schedulePublish(department);
  }

  // Positions and estimates are display: publish them at most every PUBLISH_INTERVAL_MS per
  // department (trailing), outside the routing pass, so that a long queue does not slow routing.
  const PUBLISH_INTERVAL_MS = 200;
  const publishTimers = new Map<Department, NodeJS.Timeout>();
  function schedulePublish(department: Department): void {
    if (publishTimers.has(department)) return;
    const timer = setTimeout(() => {
      publishTimers.delete(department);
      mutex.run(`publish:${department}`, () => publishQueue(department, false)).catch((error: unknown) => {
        logger.error({ err: error, department }, 'queue publication failed');
      });
    }, PUBLISH_INTERVAL_MS);
    timer.unref();
    publishTimers.set(department, timer);
  }

  function drain(department: Department): Promise<void> {
    return mutex.coalesce(department, () => pass(department)).catch((error: unknown) => {
      logger.error({ err: error, department }, 'routing pass failed');
    });
  }

  /** Puts an active chat back at the front of its (or another) department's queue. */
  async function requeue(chat: ChatRecord, note: string, department?: Department): Promise<ChatRecord | null> {
    const previousAgent = chat.agentId;
    const result = await store.requeueChat(chat.id, department);
    if (!result.ok) return null;
    if (previousAgent) {
      notifier.toAgent(previousAgent, 'chat:updated', { chat: chatView(result.chat) });
      const agent = await store.getAgent(previousAgent);
      if (agent) notifier.toAgent(previousAgent, 'agent:updated', { agent: await agents.view(agent) });
    }
    const after = await systemMessage(result.chat, note);
    await drain(after.department);
    return after;
  }

  return {
    drain,
    requeue,
    announce,
    /** Runs a pass for each department of an agent. */
    async drainFor(agent: AgentRecord): Promise<void> {
      await Promise.all(agent.departments.map((d) => drain(d)));
    },
    /** The wire view of a chat, with position, estimate and ticket offer while queued. */
    async view(chat: ChatRecord): Promise<ChatView> {
      if (chat.status !== 'queued') return chatView(chat);
      const position = (await store.queuePosition(chat.id)) ?? undefined;
      const { agents: available, slots } = await capacity(chat.department);
      const view = chatView(chat, position, position === undefined ? undefined : eta.estimate(chat.department, position, slots));
      // Decided from the data, not only from what this node published: in a cluster the
      // visitor may reconnect to a node that never published this chat's offer.
      const waitedMs = clock.now().getTime() - Date.parse(chat.queuedAt);
      if (available === 0 && waitedMs >= policy.routing.noAgentTicketOfferMinutes * 60_000) offered.add(chat.id);
      if (offered.has(chat.id)) view.offerTicket = true;
      return view;
    },
    counts,
    /** A department's queue: counts and the first `limit` queued chats as views, in queue order. */
    async snapshot(department: Department, limit = 50): Promise<QueueSummary & { chats: ChatView[] }> {
      const entries = await queueViews(department, limit);
      return { ...(await counts(department)), chats: entries.map((e) => e.view) };
    },
    /** Re-publishes every department's queue (estimates and offers move with time). */
    async refreshQueues(): Promise<void> {
      for (const d of policy.departments) await mutex.run(`publish:${d.id}`, () => publishQueue(d.id, true));
    },
    /** Cancels pending publications (shutdown). */
    stop(): void {
      for (const timer of [...publishTimers.values(), ...countTimers.values()]) clearTimeout(timer);
      publishTimers.clear();
      countTimers.clear();
    },
    /** An agent takes a queued chat of one of their departments (supervisors: any department). */
    async pick(agent: AgentRecord, chatId: string): Promise<ChatView> {
      const chat = await store.getChat(chatId);
      const visible = chat && (agent.role !== 'agent' || agent.departments.includes(chat.department));
      if (!chat || !visible) throw errors.notFound('Chat');
      const result = await mutex.run(chat.department, () => store.assignChat(chatId, agent.id, availability.maxChats(agent), now()));
      if (!result.ok) {
        if (result.reason === 'agent_full') throw errors.conflict('You are at your maximum number of chats.');
        if (result.reason === 'chat_not_queued') throw errors.conflict('This chat is no longer waiting.', { chatId });
        throw errors.notFound('Chat');
      }
      onAssigned?.(result.chat, null);
      await announce(result.chat, agent);
      void drain(chat.department);
      return chatView(result.chat);
    },
    /** Moves a chat to another agent (who must have room) or to another department's queue. */
    async transfer(actor: AgentRecord, chatId: string, target: { toAgentId?: string; toDepartment?: Department }): Promise<ChatView> {
      const chat = await store.getChat(chatId);
      const allowed = chat && (chat.agentId === actor.id || actor.role !== 'agent');
      if (!chat || !allowed) throw errors.notFound('Chat');
      if (chat.status !== 'active' || !chat.agentId) throw errors.conflict('Only an active chat can be transferred.', { chatId });
      if ((target.toAgentId === undefined) === (target.toDepartment === undefined)) {
        throw errors.invalidPayload([{ code: 'custom', path: [], message: 'Give exactly one of toAgentId and toDepartment.' }]);
      }
      if (target.toDepartment) {
        const moved = await requeue(chat, texts.transferredToDepartment(actor.name, target.toDepartment), target.toDepartment);
        if (!moved) throw errors.conflict('This chat can no longer be transferred.', { chatId });
        return chatView(moved);
      }
      const to = await store.getAgent(target.toAgentId!);
      if (!to) throw errors.notFound('Agent');
      if (to.id === chat.agentId) throw errors.conflict('This agent already holds the chat.', { chatId });
      if (!(await availability.hasRoom(to))) throw errors.conflict('This agent is not available or has no room.');
      const from = chat.agentId;
      const result = await store.reassignChat(chat.id, from, to.id, availability.maxChats(to), now());
      if (!result.ok) {
        if (result.reason === 'agent_full') throw errors.conflict('This agent has no room.');
        throw errors.conflict('This chat can no longer be transferred.', { chatId });
      }
      notifier.toAgent(from, 'chat:updated', { chat: chatView(result.chat) });
      const fromAgent = await store.getAgent(from);
      if (fromAgent) notifier.toAgent(from, 'agent:updated', { agent: await agents.view(fromAgent) });
      await announce(result.chat, to, texts.transferredToAgent(actor.name, to.name));
      if (fromAgent) void this.drainFor(fromAgent);
      return chatView(result.chat);
    },
    /** Forgets what was published about a chat that left the queue for good. */
    forget(chatId: string): void {
      published.delete(chatId);
      offered.delete(chatId);
    },
  };
}

export type Routing = ReturnType<typeof createRouting>;
