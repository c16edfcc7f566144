import type { ChatView, Message } from '@besoin/shared';
import { debug } from '../debug';
import type { WidgetEvent } from '../types';
import { forgetMessages, readOutbox, storeMessage } from './outbox';
import { asChat, asMessage } from './payloads';
import type { Fail, PendingMessage, SendCommand, SessionState, SetState, VisitorSocket } from './sessionTypes';

// The messages of the session's chat: acknowledged ones de-duplicated by seq, chat:sync from the
// last seq seen, and an outbox resent (same clientMessageId) until acknowledged and persisted in
// localStorage (outbox.ts: a reload or another page resends it).

// `internal` is retried for about half a minute (1, 2, 3, then every 4 s): long enough to ride
// out a store outage such as a Redis restart under a cluster (docs/OPERATIONS.md).
const INTERNAL_RETRIES = 8;
/** A stored message of another chat than the active one is dropped once this old (another tab may have just started that chat). */
const STALE_MS = 60_000;

type OutboxItem = PendingMessage & { chatId: string; attempt: number };

/** Whether the chat is still going on (queued or active). */
export const isLive = (chat: ChatView | null) => chat?.status === 'queued' || chat?.status === 'active';

/** A random id for `clientMessageId`; falls back when `crypto.randomUUID` is missing (old or insecure contexts). */
export function newClientMessageId(): string {
  try {
    if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  } catch {
    // randomUUID throws outside secure contexts in some browsers.
  }
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** What the session's commands do with its chat and messages. */
export interface Transcript {
  /** Takes a chat the server sent; a different chat id starts a fresh transcript. */
  setChat(raw: unknown): ChatView | undefined;
  /** chat:sync from the last seq seen; `false` when it failed. */
  sync(chatId: string): Promise<boolean>;
  /** Stores a new message of the visitor, then sends it. */
  queue(chatId: string, text: string): void;
  /** Forgets the messages and the outbox, publishing `patch` with the empty lists. */
  clear(patch?: Partial<SessionState>): void;
}

/**
 * The {@link Transcript} of a session, following the chat's broadcasts on `socket`; `getState`,
 * `set` and `fail` are the session's, `emit` tells the host page.
 */
export function createTranscript(
  socket: VisitorSocket,
  request: SendCommand,
  getState: () => SessionState,
  set: SetState,
  fail: Fail,
  emit: (event: WidgetEvent, detail?: unknown) => void,
): Transcript {
  const book = new Map<number, Message>();
  const outbox = new Map<string, OutboxItem>();
  let lastSeq = 0;

  function publishMessages(extra: Partial<SessionState> = {}): void {
    const messages = [...book.values()].sort((a, b) => a.seq - b.seq);
    // The outbox items themselves: a PendingMessage with the chat id and the attempt count besides.
    set({ messages, pending: [...outbox.values()], ...extra });
  }

  function clear(patch?: Partial<SessionState>): void {
    book.clear();
    outbox.clear();
    lastSeq = 0;
    publishMessages(patch);
  }

  function setChat(raw: unknown): ChatView | undefined {
    const chat = asChat(raw);
    if (!chat) return undefined;
    const previous = getState().chat;
    if (previous?.id !== chat.id) clear({ agentTyping: false });
    // Back to the queue (the agent left): their typing indicator goes with them.
    set(chat.status === 'active' ? { chat } : { chat, agentTyping: false });
    if (previous?.id === chat.id && isLive(previous) && !isLive(chat)) emit('chat:ended', { chat });
    return chat;
  }

  function addMessages(raw: readonly unknown[]): void {
    const fresh: Message[] = [];
    const delivered = new Set<string>();
    for (const item of raw) {
      const message = asMessage(item);
      if (!message || message.internal || message.chatId !== getState().chat?.id) continue; // ignore what does not follow the protocol
      if (message.clientMessageId) {
        delivered.add(message.clientMessageId);
        outbox.delete(message.clientMessageId);
      }
      lastSeq = Math.max(lastSeq, message.seq);
      if (book.has(message.seq)) continue;
      book.set(message.seq, message);
      fresh.push(message);
    }
    // Stored, delivered (maybe acked in another tab or before a reload): no longer to be resent.
    if (delivered.size > 0) forgetMessages((stored) => delivered.has(stored.clientMessageId));
    const agentSpoke = fresh.some((m) => m.author.role === 'agent');
    publishMessages(agentSpoke ? { agentTyping: false } : {});
    fresh.forEach((message) => emit('message', { message }));
  }

  async function sync(chatId: string, retries = 2): Promise<boolean> {
    const res = await request('chat:sync', { chatId, afterSeq: lastSeq });
    if (!res.ok) {
      if (res.error.code === 'timeout' && socket.connected && retries > 0) return sync(chatId, retries - 1);
      if (res.error.code === 'not_found' && getState().chat?.id === chatId) set({ chat: null });
      if (socket.connected) fail(res.error); // while offline, the next session:ready syncs again
      return false;
    }
    if (!setChat(res.data.chat)) return false;
    addMessages(res.data.messages);
    return true;
  }

  async function deliver(item: OutboxItem): Promise<void> {
    if (!socket.connected) return; // resent after the next session:ready
    const attempt = ++item.attempt;
    const res = await request('message:send', { chatId: item.chatId, clientMessageId: item.clientMessageId, text: item.text });
    if (outbox.get(item.clientMessageId) !== item || item.attempt !== attempt) return; // acked, or a newer try runs
    if (res.ok) {
      outbox.delete(item.clientMessageId);
      if (getState().error?.code === 'rate_limited') set({ error: null }); // the wait is over
      addMessages([res.data.message]); // also removes it from the stored outbox
      return;
    }
    const { code } = res.error;
    if (code === 'timeout') {
      void deliver(item);
    } else if (code === 'rate_limited' || (code === 'internal' && attempt <= INTERNAL_RETRIES)) {
      const wait = Number(res.error.details?.['retryAfterMs']);
      setTimeout(() => void deliver(item), Number.isFinite(wait) && wait > 0 ? wait : 1000 * Math.min(attempt, 4));
      if (code === 'rate_limited') fail(res.error);
    } else {
      // Refused for good (invalid, chat over…): shown as not sent, and not resent after a reload.
      item.failed = true;
      forgetMessages((stored) => stored.clientMessageId === item.clientMessageId);
      publishMessages();
      fail(res.error);
    }
  }

  /**
   * Takes back the stored messages of the active chat `chatId` (sent before a reload, on another
   * page or in another tab) that chat:sync did not show delivered; drops those of chats that are
   * over (no active chat, or another one), which the server would refuse anyway.
   */
  function restoreOutbox(chatId?: string): void {
    const now = Date.now();
    forgetMessages((stored) => stored.chatId !== chatId && !(now - Date.parse(stored.createdAt) < STALE_MS));
    if (!chatId) return;
    for (const stored of readOutbox()) {
      if (stored.chatId === chatId && !outbox.has(stored.clientMessageId)) {
        outbox.set(stored.clientMessageId, { ...stored, failed: false, attempt: 0 });
      }
    }
    publishMessages();
  }

  function flushOutbox(): void {
    outbox.forEach((item) => {
      if (!item.failed) void deliver(item);
    });
  }

  // After every (re)connect: adopt the server's active chat, sync it, then restore and resend the outbox.
  socket.on('session:ready', (payload) => {
    const active = payload?.activeChat ? setChat(payload.activeChat) : undefined;
    const chatId = active?.id ?? (isLive(getState().chat) ? getState().chat?.id : undefined);
    if (!chatId) return restoreOutbox();
    sync(chatId)
      .then((synced) => {
        const chat = getState().chat;
        if (synced && chat?.id === chatId && isLive(chat)) restoreOutbox(chatId);
        flushOutbox();
      })
      .catch(debug);
  });
  socket.on('chat:updated', (payload) => {
    const chat = asChat(payload?.chat);
    if (!chat) return;
    const current = getState().chat;
    // Another tab may have started a chat: one active chat per visitor, so adopt it.
    if (chat.id === current?.id) setChat(chat);
    else if (!current && isLive(chat)) sync(chat.id).catch(debug);
  });
  socket.on('message:created', (payload) => addMessages([payload?.message]));
  socket.on('chat:converted', (payload) => {
    const chat = getState().chat;
    if (!chat || payload?.chatId !== chat.id) return;
    const ticketRef = typeof payload.ticket?.ref === 'string' ? payload.ticket.ref : chat.ticketRef;
    setChat({ ...chat, status: 'converted', ticketRef });
  });

  return {
    setChat,
    sync,
    queue(chatId, text) {
      const clientMessageId = newClientMessageId();
      const item: OutboxItem = { clientMessageId, chatId, text, createdAt: new Date().toISOString(), failed: false, attempt: 0 };
      outbox.set(clientMessageId, item);
      storeMessage(item); // before the first emit: from now on a reload resends it
      publishMessages();
      void deliver(item);
    },
    clear,
  };
}
