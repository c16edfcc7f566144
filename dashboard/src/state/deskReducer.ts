import type { AgentView, ChatView, Message, QueueSummary } from '@besoin/shared';
import { t } from '../i18n';
import { type ChatEntry, type ConnectionState, type DeskState, type PendingMessage, initialDeskState, isEnded } from './deskState';

/** Everything that can change the desk state. Server events keep their wire names. */
export type DeskAction =
  | { type: 'connection'; state: ConnectionState }
  | { type: 'session:ready'; agent: AgentView; chats: ChatView[]; queues: QueueSummary[] }
  | { type: 'chat:assigned'; chat: ChatView; messages: Message[] }
  | { type: 'chat:updated'; chat: ChatView }
  | { type: 'chat:synced'; chat: ChatView; messages: Message[] }
  | { type: 'chat:removed'; chatId: string }
  | { type: 'message:created'; message: Message }
  | { type: 'typing:changed'; chatId: string; typing: boolean; role: 'visitor' | 'agent' }
  | { type: 'agent:updated'; agent: AgentView }
  | { type: 'queue:updated'; queue: QueueSummary }
  | { type: 'chat:selected'; chatId: string | null }
  | { type: 'chat:dismissed'; chatId: string }
  | { type: 'outbox:added'; pending: PendingMessage }
  | { type: 'outbox:acked'; clientMessageId: string; message: Message }
  | { type: 'outbox:failed'; chatId: string; clientMessageId: string }
  | { type: 'error'; message: string | null };

/** Merges messages into an ordered, seq-unique list (a later copy of a seq wins). */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map<number, Message>();
  for (const m of current) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function newEntry(chat: ChatView): ChatEntry {
  return { chat, messages: [], pending: [], seenSeq: 0, visitorTyping: false };
}

/** Adds messages to an entry: drops matching outbox items, marks them seen if the chat is open. */
function withMessages(entry: ChatEntry, messages: Message[], selected: boolean): ChatEntry {
  const own = messages.filter((m) => m.chatId === entry.chat.id);
  if (own.length === 0) return entry;
  const merged = mergeMessages(entry.messages, own);
  const acked = new Set(own.map((m) => m.clientMessageId).filter((id): id is string => id !== undefined));
  const pending = acked.size ? entry.pending.filter((p) => !acked.has(p.clientMessageId)) : entry.pending;
  const visitorSpoke = own.some((m) => m.author.role === 'visitor');
  const last = merged.at(-1)?.seq ?? 0;
  return {
    ...entry,
    messages: merged,
    pending,
    seenSeq: selected ? Math.max(entry.seenSeq, last) : entry.seenSeq,
    visitorTyping: visitorSpoke ? false : entry.visitorTyping,
  };
}

function updateEntry(state: DeskState, chatId: string, update: (entry: ChatEntry) => ChatEntry): DeskState {
  const entry = state.chats[chatId];
  if (!entry) return state;
  return { ...state, chats: { ...state.chats, [chatId]: update(entry) } };
}

function upsertChat(state: DeskState, chat: ChatView, messages: Message[]): DeskState {
  const existing = state.chats[chat.id];
  const selected = state.selectedChatId === chat.id;
  const entry = withMessages({ ...(existing ?? newEntry(chat)), chat }, messages, selected);
  return {
    ...state,
    chats: { ...state.chats, [chat.id]: entry },
    order: existing ? state.order : [...state.order, chat.id],
  };
}

/** The desk's reducer: pure, so that it is unit-tested without a server. */
export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.state };
    case 'session:ready': {
      // The server's list is the truth for held chats; chats known here but absent from it are
      // kept (they may have ended while we were away — the sync that follows tells).
      let next: DeskState = { ...state, agent: action.agent, queues: {}, connection: 'online' };
      for (const q of action.queues) next.queues[q.department] = q;
      for (const chat of action.chats) next = upsertChat(next, chat, []);
      return next;
    }
    case 'chat:assigned': {
      const isNew = !state.chats[action.chat.id];
      const next = upsertChat(state, action.chat, action.messages);
      return isNew ? { ...next, announcement: t('announce.newChat', { name: action.chat.visitor.name }) } : next;
    }
    case 'chat:updated':
      return updateEntry(state, action.chat.id, (e) => ({
        ...e,
        chat: action.chat,
        visitorTyping: isEnded(action.chat) ? false : e.visitorTyping,
      }));
    case 'chat:synced':
      return state.chats[action.chat.id] ? upsertChat(state, action.chat, action.messages) : state;
    case 'chat:removed':
    case 'chat:dismissed': {
      if (!state.chats[action.chatId]) return state;
      const chats = { ...state.chats };
      delete chats[action.chatId];
      return {
        ...state,
        chats,
        order: state.order.filter((id) => id !== action.chatId),
        selectedChatId: state.selectedChatId === action.chatId ? null : state.selectedChatId,
      };
    }
    case 'message:created': {
      const { message } = action;
      return updateEntry(state, message.chatId, (e) => {
        const entry = withMessages(e, [message], state.selectedChatId === message.chatId);
        return message.seq > entry.chat.lastSeq ? { ...entry, chat: { ...entry.chat, lastSeq: message.seq } } : entry;
      });
    }
    case 'typing:changed':
      if (action.role !== 'visitor') return state;
      return updateEntry(state, action.chatId, (e) => ({ ...e, visitorTyping: action.typing }));
    case 'agent:updated':
      return { ...state, agent: action.agent };
    case 'queue:updated':
      return { ...state, queues: { ...state.queues, [action.queue.department]: action.queue } };
    case 'chat:selected': {
      const next = { ...state, selectedChatId: action.chatId };
      if (action.chatId === null) return next;
      return updateEntry(next, action.chatId, (e) => ({ ...e, seenSeq: Math.max(e.seenSeq, e.messages.at(-1)?.seq ?? 0) }));
    }
    case 'outbox:added':
      return updateEntry(state, action.pending.chatId, (e) => ({ ...e, pending: [...e.pending, action.pending] }));
    case 'outbox:acked': {
      const { message } = action;
      return updateEntry(state, message.chatId, (e) => {
        const entry = withMessages(e, [message], true);
        return {
          ...entry,
          pending: entry.pending.filter((p) => p.clientMessageId !== action.clientMessageId),
          chat: message.seq > entry.chat.lastSeq ? { ...entry.chat, lastSeq: message.seq } : entry.chat,
        };
      });
    }
    case 'outbox:failed':
      return updateEntry(state, action.chatId, (e) => ({
        ...e,
        pending: e.pending.map((p) => (p.clientMessageId === action.clientMessageId ? { ...p, failed: true } : p)),
      }));
    case 'error':
      return { ...state, error: action.message };
  }
}

/** A minimal observable store around {@link deskReducer}. */
export interface DeskStore {
  getState(): DeskState;
  dispatch(action: DeskAction): void;
  subscribe(listener: () => void): () => void;
}

/** Creates a store; listeners run after every state change. */
export function createDeskStore(initial: DeskState = initialDeskState): DeskStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = deskReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
