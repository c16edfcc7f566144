import type { ChatView, Message } from '@besoin/shared';
import type { ChatEntry, DeskState, PendingMessage } from './deskState';

/** Merges messages into an ordered, seq-unique list (a later copy of a seq wins). */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map<number, Message>();
  for (const m of current) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** A fresh entry for a chat. */
export function newEntry(chat: ChatView): ChatEntry {
  return { chat, messages: [], pending: [], seenSeq: 0, visitorTyping: false };
}

/** Adds messages to an entry: drops matching outbox items, marks them seen if the chat is open. */
export function withMessages(entry: ChatEntry, messages: Message[], selected: boolean): ChatEntry {
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

/**
 * Adds an outbox item, oldest first. Idempotent: an item already pending, or already delivered
 * (a message carries its clientMessageId — e.g. sent from another tab), is not shown twice.
 */
export function withPending(entry: ChatEntry, pending: PendingMessage): ChatEntry {
  const id = pending.clientMessageId;
  if (entry.pending.some((p) => p.clientMessageId === id)) return entry;
  if (entry.messages.some((m) => m.clientMessageId === id)) return entry;
  const at = Date.parse(pending.createdAt);
  const index = entry.pending.findIndex((p) => Date.parse(p.createdAt) > at);
  const next = index === -1 ? [...entry.pending, pending] : [...entry.pending.slice(0, index), pending, ...entry.pending.slice(index)];
  return { ...entry, pending: next };
}

/** Applies `update` to one chat entry; unknown chats leave the state as it is. */
export function updateEntry(state: DeskState, chatId: string, update: (entry: ChatEntry) => ChatEntry): DeskState {
  const entry = state.chats[chatId];
  if (!entry) return state;
  return { ...state, chats: { ...state.chats, [chatId]: update(entry) } };
}

/** Adds or refreshes a chat (appended to the list when new) with messages. */
export function upsertChat(state: DeskState, chat: ChatView, messages: Message[]): DeskState {
  const existing = state.chats[chat.id];
  const selected = state.selectedChatId === chat.id;
  const entry = withMessages({ ...(existing ?? newEntry(chat)), chat }, messages, selected);
  return {
    ...state,
    chats: { ...state.chats, [chat.id]: entry },
    order: existing ? state.order : [...state.order, chat.id],
  };
}

/** Drops a chat from the list (and the selection). */
export function removeChat(state: DeskState, chatId: string): DeskState {
  if (!state.chats[chatId]) return state;
  const chats = { ...state.chats };
  delete chats[chatId];
  return {
    ...state,
    chats,
    order: state.order.filter((id) => id !== chatId),
    selectedChatId: state.selectedChatId === chatId ? null : state.selectedChatId,
  };
}
