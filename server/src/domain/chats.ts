import {
  errors, isOpenAt, nextOpeningAt, triage, type ChatStartPayload, type ChatView, type Message, type Policy,
} from '@besoin/shared';
import type { AgentRecord, ChatRecord, Store, VisitorRecord } from '../store/store';
import type { Clock } from './clock';
import type { EtaEstimator } from './eta';
import type { Notifier } from './notifier';
import { done, type Outcome } from './outcome';
import type { Routing } from './routing';
import { texts } from './texts';
import { chatView, messageView } from './views';

/** Who issues a chat command. `origin` is the opaque id of the connection it came from. */
export type Actor =
  | { kind: 'visitor'; visitor: VisitorRecord; origin?: string }
  | { kind: 'agent'; agent: AgentRecord; origin?: string };

export interface ChatServiceDeps {
  store: Store;
  clock: Clock;
  policy: Policy;
  notifier: Notifier;
  routing: Routing;
  eta: EtaEstimator;
  /** Called after each new visitor or agent message (long-conversation detection). */
  afterMessage?: (chat: ChatRecord) => Promise<void>;
}

const isOpen = (chat: ChatRecord) => chat.status === 'queued' || chat.status === 'active';
const isSupervisor = (agent: AgentRecord) => agent.role === 'supervisor' || agent.role === 'admin';

/** Chat lifecycle: start, messages, typing, sync, end. Knows nothing of sockets. */
export function createChatService({ store, clock, policy, notifier, routing, eta, afterMessage }: ChatServiceDeps) {
  const now = () => clock.now().toISOString();

  /** The visitor of the chat, the agent holding it, or a supervisor or admin (who may join any chat). */
  function takesPart(actor: Actor, chat: ChatRecord): boolean {
    return actor.kind === 'visitor' ? chat.visitorId === actor.visitor.id : chat.agentId === actor.agent.id || isSupervisor(actor.agent);
  }

  /** The chat if the actor may see it; `not_found` otherwise (never reveals that it exists). */
  async function visibleChat(actor: Actor, chatId: string): Promise<ChatRecord> {
    const chat = await store.getChat(chatId);
    if (!chat || !takesPart(actor, chat)) throw errors.notFound('Chat');
    return chat;
  }

  // Typing indicators are two thirds of all commands and are ephemeral: they are authorised
  // against the chat as this service last read or wrote it, if that was under a second ago,
  // instead of a store read each. Only active chats are kept. A stale entry can only show or
  // hide a "typing…" for that second (after a transfer, say); a refusal is always re-checked
  // against the store.
  const TYPING_CHAT_TTL_MS = 1000;
  // Bounded: entries of chats ended elsewhere (converted, re-queued) stay until the next clear.
  const MAX_RECENT_CHATS = 10_000;
  const recent = new Map<string, { chat: ChatRecord; at: number }>();
  function remember(chat: ChatRecord): void {
    // A queued chat is about to get its agent: always read afresh.
    if (chat.status !== 'active') return void recent.delete(chat.id);
    if (recent.size >= MAX_RECENT_CHATS) recent.clear();
    recent.set(chat.id, { chat, at: performance.now() });
  }
  async function typingChat(actor: Actor, chatId: string): Promise<ChatRecord> {
    const kept = recent.get(chatId);
    if (kept && performance.now() - kept.at < TYPING_CHAT_TTL_MS && takesPart(actor, kept.chat)) return kept.chat;
    const chat = await visibleChat(actor, chatId);
    remember(chat);
    return chat;
  }

  /** For a visitor's message: who a chat's visitor is never changes, so any kept copy proves it (the store checks the status). */
  async function messageChat(actor: Actor, chatId: string): Promise<ChatRecord> {
    if (actor.kind === 'visitor') {
      const kept = recent.get(chatId)?.chat;
      if (kept?.visitorId === actor.visitor.id) return kept;
    }
    return visibleChat(actor, chatId);
  }

  const view = (chat: ChatRecord): Promise<ChatView> => routing.view(chat);
  // Supervisors announced in a chat, so that a re-join (new tab, reconnect) is not announced twice.
  const joined = new Set<string>();

  /** Sends a new message to everyone in the chat except the connection it came from. */
  function broadcastMessage(chat: ChatRecord, message: Message, origin?: string): void {
    if (!message.internal) notifier.toVisitor(chat.visitorId, 'message:created', { message }, origin);
    if (chat.agentId) notifier.toAgent(chat.agentId, 'message:created', { message }, origin);
    notifier.toChatWatchers(chat.id, 'message:created', { message }, origin);
  }

  async function appendSystem(chat: ChatRecord, text: string): Promise<Message | null> {
    const result = await store.appendMessage(
      { chatId: chat.id, clientMessageId: null, authorRole: 'system', authorName: texts.systemName, authorId: null, text, internal: false },
      now(),
    );
    return result.ok ? messageView(result.message) : null;
  }

  /** Ends a chat on behalf of either side, with a system message, and frees the agent's slot. */
  async function finish(actor: Pick<Actor, 'origin'>, chat: ChatRecord, note: string): Promise<Outcome<{ chat: ChatView }>> {
    if (!isOpen(chat)) return done({ chat: await view(chat) });
    const system = await appendSystem(chat, note);
    const ended = await store.endChat(chat.id, 'ended', now());
    if (!ended.ok) throw errors.notFound('Chat');
    const endedView = chatView(ended.chat);
    remember(ended.chat);
    routing.forget(chat.id);
    if (ended.changed && chat.firstAssignedAt) {
      eta.recordHandling(chat.department, (Date.parse(ended.chat.endedAt ?? now()) - Date.parse(chat.firstAssignedAt)) / 1000);
    }
    return {
      data: { chat: endedView },
      effects: async () => {
        if (!ended.changed) return;
        if (system) broadcastMessage(ended.chat, system, actor.origin);
        notifier.toVisitor(chat.visitorId, 'chat:updated', { chat: endedView }, actor.origin);
        if (chat.agentId) notifier.toAgent(chat.agentId, 'chat:updated', { chat: endedView }, actor.origin);
        notifier.toChatWatchers(chat.id, 'chat:updated', { chat: endedView }, actor.origin);
        await routing.drain(chat.department);
      },
    };
  }

  return {
    /** Opens a chat with its first message and queues it for routing. */
    async start(visitor: VisitorRecord, payload: ChatStartPayload, origin?: string): Promise<Outcome<{ chat: ChatView }>> {
      // Triage first: rule 4 may move a billing chat to technical, which is open when billing is not.
      const triaged = triage({ department: payload.department, subject: payload.subject, message: payload.message, urgent: payload.urgent ?? false });
      const at = clock.now();
      if (!isOpenAt(policy, triaged.department, at)) throw errors.departmentClosed(nextOpeningAt(policy, triaged.department, at));
      const result = await store.createChat(
        {
          visitorId: visitor.id, department: triaged.department, subject: payload.subject,
          visitorName: payload.name, visitorEmail: payload.email, urgent: payload.urgent ?? false,
          priority: triaged.priority, category: triaged.category, locale: payload.locale ?? null, pageUrl: payload.pageUrl ?? null,
        },
        { clientMessageId: null, authorRole: 'visitor', authorName: payload.name, authorId: null, text: payload.message, internal: false },
        now(),
      );
      if (!result.ok) throw errors.conflict('You already have an open chat.', { chatId: result.chatId });
      if (triaged.department !== payload.department) await appendSystem(result.chat, texts.rule4);
      const created = (await store.getChat(result.chat.id)) ?? result.chat;
      const data = { chat: await view(created) };
      return {
        data,
        effects: async () => {
          notifier.toVisitor(visitor.id, 'chat:updated', data, origin);
          await routing.drain(result.chat.department);
        },
      };
    },

    /** Stores a message (once per clientMessageId) and relays it to the other side. */
    async send(
      actor: Actor, input: { chatId: string; clientMessageId: string; text: string; internal?: boolean },
    ): Promise<Outcome<{ message: Message }>> {
      const chat = await messageChat(actor, input.chatId);
      const internal = actor.kind === 'agent' && input.internal === true;
      const result = await store.appendMessage(
        {
          chatId: chat.id,
          clientMessageId: input.clientMessageId,
          authorRole: actor.kind,
          authorName: actor.kind === 'visitor' ? chat.visitorName : actor.agent.name,
          authorId: actor.kind === 'visitor' ? actor.visitor.id : actor.agent.id,
          text: input.text,
          internal,
        },
        now(),
      );
      if (!result.ok) {
        if (result.reason === 'chat_closed') throw errors.conflict('This chat has ended.', { chatId: chat.id });
        throw errors.notFound('Chat');
      }
      remember(result.chat);
      const message = messageView(result.message);
      if (!result.created) return done({ message });
      return {
        data: { message },
        effects: async () => {
          broadcastMessage(result.chat, message, actor.origin);
          if (afterMessage && !internal) await afterMessage(result.chat);
        },
      };
    },

    /** The chat and every message after `afterSeq` that the actor may see. */
    async sync(actor: Actor, chatId: string, afterSeq: number): Promise<{ chat: ChatView; messages: Message[] }> {
      const chat = await visibleChat(actor, chatId);
      const messages = await store.listMessages(chat.id, afterSeq, { includeInternal: actor.kind === 'agent' });
      return { chat: await view(chat), messages: messages.map(messageView) };
    },

    /** Relays a typing indicator to the other side. */
    async typing(actor: Actor, chatId: string, typing: boolean): Promise<Outcome<Record<string, never>>> {
      const chat = await typingChat(actor, chatId);
      return {
        data: {},
        effects: async () => {
          if (!isOpen(chat)) return;
          const payload = { chatId: chat.id, typing, role: actor.kind };
          if (actor.kind === 'visitor' && chat.agentId) notifier.toAgent(chat.agentId, 'typing:changed', payload);
          if (actor.kind === 'agent') notifier.toVisitor(chat.visitorId, 'typing:changed', payload);
          notifier.toChatWatchers(chat.id, 'typing:changed', payload, actor.origin);
        },
      };
    },

    /** Acknowledges that the actor has read up to `seq` (checked for ownership). */
    async read(actor: Actor, chatId: string, seq: number): Promise<Record<string, never>> {
      const chat = await visibleChat(actor, chatId);
      if (seq > chat.lastSeq) throw errors.conflict('This message does not exist yet.');
      return {};
    },

    /** The visitor ends their chat. */
    async end(actor: Actor & { kind: 'visitor' }, chatId: string) {
      return finish(actor, await visibleChat(actor, chatId), texts.visitorEnded);
    },

    /** The agent closes a chat they hold. */
    async close(actor: Actor & { kind: 'agent' }, chatId: string) {
      return finish(actor, await visibleChat(actor, chatId), texts.agentClosed(actor.agent.name));
    },

    /** Ends a chat the visitor has left idle, politely (routing sweep). */
    async endIdle(chat: ChatRecord): Promise<void> {
      const outcome = await finish({}, chat, texts.visitorIdle);
      await outcome.effects?.();
    },

    /** A supervisor or admin joins a chat visibly: a system message, then they follow it live. */
    async join(actor: Actor & { kind: 'agent' }, chatId: string): Promise<Outcome<{ chat: ChatView; messages: Message[] }>> {
      if (!isSupervisor(actor.agent)) throw errors.forbidden();
      const chat = await visibleChat(actor, chatId);
      if (actor.origin) notifier.watchChat(actor.origin, chat.id);
      const joinedKey = `${chat.id}:${actor.agent.id}`;
      let system: Message | null = null;
      if (isOpen(chat) && !joined.has(joinedKey)) {
        joined.add(joinedKey);
        system = await appendSystem(chat, texts.supervisorJoined(actor.agent.name));
      }
      const current = (await store.getChat(chat.id)) ?? chat;
      const messages = await store.listMessages(chat.id, 0, { includeInternal: true });
      return {
        data: { chat: await view(current), messages: messages.map(messageView) },
        effects: async () => {
          if (system) broadcastMessage(current, system, actor.origin);
        },
      };
    },

    /** The visitor's open chat, as a view, if any. */
    async openChatOf(visitor: VisitorRecord): Promise<ChatView | null> {
      const chat = await store.getOpenChatOfVisitor(visitor.id);
      return chat ? view(chat) : null;
    },

    /** The chats an agent holds, as views. */
    async activeChatsOf(agent: AgentRecord): Promise<ChatView[]> {
      return (await store.listActiveChatsOfAgent(agent.id)).map((c) => chatView(c));
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
