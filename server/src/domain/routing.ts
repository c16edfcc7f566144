import type { Department, Logger } from './deps';
import type { AgentRecord, ChatRecord, Store } from '../store/store';
import type { AgentService } from './agents';
import type { Clock } from './clock';
import { createKeyedMutex } from './mutex';
import type { Notifier } from './notifier';
import type { Presence } from './presence';
import { texts } from './texts';
import { chatView, messageView } from './views';

export interface RoutingDeps {
  store: Store;
  clock: Clock;
  notifier: Notifier;
  presence: Presence;
  agents: AgentService;
  logger: Logger;
}

function byLoadThenLongestIdle(load: Map<string, number>) {
  return (a: AgentRecord, b: AgentRecord) =>
    (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) ||
    (a.lastAssignedAt ?? '').localeCompare(b.lastAssignedAt ?? '');
}

/**
 * Assigns queued chats to available agents: the least-loaded online, connected agent of the
 * department, ties to the one longest since their last assignment. Passes are serialised per
 * department; the slot itself is reserved atomically by the store, so capacity holds even if
 * two passes (or two nodes) race.
 */
export function createRouting({ store, clock, notifier, presence, agents, logger }: RoutingDeps) {
  const mutex = createKeyedMutex();
  const lastPosition = new Map<string, number>();

  async function availableAgents(department: Department): Promise<AgentRecord[]> {
    const all = await store.listAgents();
    const online = all.filter((a) => a.status === 'online' && a.departments.includes(department));
    const connected = await Promise.all(online.map((a) => presence.isConnected(a.id)));
    return online.filter((_, i) => connected[i]);
  }

  async function announceAssignment(chat: ChatRecord, agent: AgentRecord): Promise<void> {
    const joined = await store.appendMessage(
      {
        chatId: chat.id, clientMessageId: null, authorRole: 'system', authorName: texts.systemName,
        authorId: null, text: texts.agentJoined(agent.name), internal: false,
      },
      clock.now().toISOString(),
    );
    const current = joined.ok ? joined.chat : chat;
    const messages = await store.listMessages(chat.id, 0, { includeInternal: true });
    const view = chatView(current);
    lastPosition.delete(chat.id);
    notifier.toAgent(agent.id, 'chat:assigned', { chat: view, messages: messages.map(messageView) });
    notifier.toAgent(agent.id, 'agent:updated', { agent: await agents.view(agent) });
    notifier.toVisitor(chat.visitorId, 'chat:updated', { chat: view });
    if (joined.ok) notifier.toVisitor(chat.visitorId, 'message:created', { message: messageView(joined.message) });
  }

  async function publishQueue(department: Department): Promise<void> {
    const queued = await store.listQueuedChats(department);
    const now = clock.now().getTime();
    queued.forEach((chat, index) => {
      const position = index + 1;
      if (lastPosition.get(chat.id) === position) return;
      lastPosition.set(chat.id, position);
      notifier.toVisitor(chat.visitorId, 'chat:updated', { chat: chatView(chat, position) });
    });
    const oldest = queued.reduce((min, c) => Math.min(min, Date.parse(c.queuedAt)), now);
    notifier.toDepartment(department, 'queue:updated', {
      department,
      waiting: queued.length,
      oldestWaitSeconds: Math.max(0, Math.round((now - oldest) / 1000)),
    });
  }

  async function pass(department: Department): Promise<void> {
    const queued = await store.listQueuedChats(department);
    if (queued.length > 0) {
      const candidates = await availableAgents(department);
      const load = new Map<string, number>();
      for (const a of candidates) load.set(a.id, await store.countActiveChats(a.id));
      for (const chat of queued) {
        const withRoom = candidates
          .filter((a) => (load.get(a.id) ?? 0) < agents.maxChats(a))
          .sort(byLoadThenLongestIdle(load));
        if (withRoom.length === 0) break;
        for (const agent of withRoom) {
          const now = clock.now().toISOString();
          const result = await store.assignChat(chat.id, agent.id, agents.maxChats(agent), now);
          if (result.ok) {
            load.set(agent.id, (load.get(agent.id) ?? 0) + 1);
            agent.lastAssignedAt = now;
            await announceAssignment(result.chat, agent);
            break;
          }
          if (result.reason === 'agent_full') load.set(agent.id, agents.maxChats(agent));
          else break; // the chat is gone or taken: next chat
        }
      }
    }
    await publishQueue(department);
  }

  return {
    /** Runs one routing pass for a department (serialised with other passes of that department). */
    drain(department: Department): Promise<void> {
      return mutex.run(department, () => pass(department)).catch((error: unknown) => {
        logger.error({ err: error, department }, 'routing pass failed');
      });
    },
    /** Runs a pass for each department of an agent. */
    async drainFor(agent: AgentRecord): Promise<void> {
      await Promise.all(agent.departments.map((d) => this.drain(d)));
    },
    /** The 1-based position of a queued chat. */
    async positionOf(chat: ChatRecord): Promise<number | undefined> {
      if (chat.status !== 'queued') return undefined;
      const queued = await store.listQueuedChats(chat.department);
      const index = queued.findIndex((c) => c.id === chat.id);
      return index < 0 ? undefined : index + 1;
    },
    /** Forgets what was last published for a chat that left the queue. */
    forget(chatId: string): void {
      lastPosition.delete(chatId);
    },
  };
}

export type Routing = ReturnType<typeof createRouting>;
