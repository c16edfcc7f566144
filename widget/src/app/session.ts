import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type AckError,
  type ChatView,
  type Message,
  type ChatStartPayload,
  type TicketCreatePayload,
  type TicketView,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
} from '@besoin/shared';
import { debug } from '../debug';
import { readStorage, writeStorage } from '../storage';
import type { WidgetEvent } from '../types';
import { fetchDepartments, type DepartmentStates } from './departments';
import { loadExtra } from './extraChunk';
import { forgetMessages, readOutbox, storeMessage } from './outbox';
import { asChat, asMessage } from './payloads';
import { getJson, parseConfig, parseTickets, type PublicConfig, type VisitorTicket } from './visitorData';
import type { SessionError } from './notices';
import type { Connection } from './status';
import { createTypingNotifier } from './typing';

// The visitor's connection to `/visitor`: handshake, chat lifecycle, de-duplicated messages by
// seq, an outbox resent (same clientMessageId) until acknowledged and persisted in localStorage
// (outbox.ts: a reload or another page resends it), and chat:sync after every (re)connect.
// No UI here: views read `getState()` and call the commands.

/** localStorage key of the visitor token that `session:ready` hands out. */
export const TOKEN_STORAGE_KEY = 'besoin-daide:visitorToken';
const ACK_TIMEOUT_MS = 8000;
// `internal` is retried for about half a minute (1, 2, 3, then every 4 s): long enough to ride
// out a store outage such as a Redis restart under a cluster (docs/OPERATIONS.md).
const INTERNAL_RETRIES = 8;
/** A drop shorter than this is not announced: "Reconnexion…" would only flash. */
export const RECONNECTING_DELAY_MS = 1000;
/** A stored message of another chat than the active one is dropped once this old (another tab may have just started that chat). */
const STALE_MS = 60_000;

/** A message typed by the visitor and not acknowledged yet. */
export interface PendingMessage {
  clientMessageId: string;
  text: string;
  createdAt: string;
  /** Refused for good (e.g. invalid); it will not be resent. */
  failed: boolean;
}

/** Everything the views need to render. */
export interface SessionState {
  connection: Connection;
  chat: ChatView | null;
  /** Acknowledged messages, unique and ordered by seq. */
  messages: readonly Message[];
  pending: readonly PendingMessage[];
  agentTyping: boolean;
  busy: boolean;
  error: SessionError | null;
  /** The ticket the visitor sent with the ticket form (`merged`: added to their open ticket). */
  ticket: { ticket: TicketView; merged: boolean } | null;
}

/** The controller the app drives. */
export interface Session {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  start(payload: ChatStartPayload): Promise<void>;
  /** ticket:create; a live chat (the "no agent available" offer) is then ended with chat:end. */
  createTicket(payload: TicketCreatePayload): Promise<void>;
  /** The departments' hours and open state; `null` when they cannot be fetched. */
  departments(): Promise<DepartmentStates | null>;
  /** `GET /api/public/config`; `null` when it cannot be fetched (no phone, no customer area link). */
  publicConfig(): Promise<PublicConfig | null>;
  /** The visitor's own tickets (`GET /api/visitor/tickets`, after `session:ready`); `null` on failure. */
  visitorTickets(): Promise<VisitorTicket[] | null>;
  /** `supervisor:request` or `emergency:raise`: the ack (or a timeout), for the screen that sent it. */
  command<K extends ScreenCommand>(name: K, payload: PayloadOf<K>): Promise<Outcome<K>>;
  /** Saves the transcript of the current (finished) chat; `parent` hosts the temporary link. */
  downloadTranscript(parent: Node & ParentNode): Promise<void>;
  send(text: string): void;
  /** Call on every composer input; typing:set is throttled and stopped when idle. */
  input(): void;
  end(): Promise<void>;
  /** Leaves an ended chat or a sent ticket for a new pre-chat form. */
  reset(): void;
  close(): void;
}

/** Options of {@link createSession}. */
export interface SessionOptions {
  server: string;
  locale: () => string;
  emit?: (event: WidgetEvent, detail?: unknown) => void;
}

type Commands = VisitorClientToServerEvents;
type Command = keyof Commands;
/** The payload of a `/visitor` command. */
export type PayloadOf<K extends Command> = Parameters<Commands[K]>[0];
type AckOf<K extends Command> = Parameters<Parameters<Commands[K]>[1]>[0];
type Timeout = { ok: false; error: { code: 'timeout'; message: string } };
/** The commands sent by the lazily loaded screens. */
export type ScreenCommand = 'supervisor:request' | 'emergency:raise';
/** The ack of a command, or a timeout when none arrived in time. */
export type Outcome<K extends Command> = AckOf<K> | Timeout;
type OutboxItem = PendingMessage & { chatId: string; attempt: number };

const isLive = (chat: ChatView | null) => chat?.status === 'queued' || chat?.status === 'active';

/** A random id for `clientMessageId`; falls back when `crypto.randomUUID` is missing (old or insecure contexts). */
export function newClientMessageId(): string {
  try {
    if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  } catch {
    // randomUUID throws outside secure contexts in some browsers.
  }
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Connects to `${server}/visitor` and returns the session controller. */
export function createSession({ server, locale, emit = () => undefined }: SessionOptions): Session {
  const listeners = new Set<() => void>();
  const book = new Map<number, Message>();
  const outbox = new Map<string, OutboxItem>();
  let lastSeq = 0;
  let visitorToken: string | null = null;
  let everOnline = false;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let dropTimer: ReturnType<typeof setTimeout> | undefined;
  let onReady: () => void = () => undefined;
  // Resolved by the first session:ready, so that visitorTickets() presents the token it hands out.
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  let state: SessionState = {
    connection: 'connecting',
    chat: null,
    messages: [],
    pending: [],
    agentTyping: false,
    busy: false,
    error: null,
    ticket: null,
  };

  const socket: Socket<VisitorServerToClientEvents, Commands> = io(`${server}/visitor`, {
    // A function, so that every reconnect presents the latest token.
    auth: (cb) => {
      const visitorToken = readStorage(TOKEN_STORAGE_KEY);
      cb(visitorToken ? { protocol: PROTOCOL_VERSION, visitorToken } : { protocol: PROTOCOL_VERSION });
    },
    transports: ['websocket', 'polling'],
  });

  function set(patch: Partial<SessionState>): void {
    state = { ...state, ...patch };
    listeners.forEach((fn) => fn());
  }

  function publishMessages(extra: Partial<SessionState> = {}): void {
    const messages = [...book.values()].sort((a, b) => a.seq - b.seq);
    // The outbox items themselves: a PendingMessage with the chat id and the attempt count besides.
    set({ messages, pending: [...outbox.values()], ...extra });
  }

  /** Emits a command with an ack timeout; never rejects. */
  async function request<K extends Command>(name: K, payload: PayloadOf<K>): Promise<AckOf<K> | Timeout> {
    try {
      const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
        emitWithAck(event: string, data: unknown): Promise<AckOf<K>>;
      };
      return await timed.emitWithAck(name, payload);
    } catch {
      return { ok: false, error: { code: 'timeout', message: 'No acknowledgement in time.' } };
    }
  }

  function fail(error: AckError | Timeout['error'], extra: Partial<SessionError> = {}): void {
    debug('command failed', error);
    const sessionError: SessionError = { code: error.code, ...extra };
    if ('details' in error && error.details) sessionError.details = error.details;
    set({ error: sessionError, busy: false });
  }

  /** Takes a chat the server sent; a different chat id starts a fresh transcript. */
  function setChat(raw: unknown): ChatView | undefined {
    const chat = asChat(raw);
    if (!chat) return undefined;
    const previous = state.chat;
    if (previous?.id !== chat.id) {
      book.clear();
      outbox.clear();
      lastSeq = 0;
      publishMessages({ agentTyping: false });
    }
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
      if (!message || message.internal || message.chatId !== state.chat?.id) continue; // ignore what does not follow the protocol
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
      if (res.error.code === 'not_found' && state.chat?.id === chatId) set({ chat: null });
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
      if (state.error?.code === 'rate_limited') set({ error: null }); // the wait is over
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

  const typing = createTypingNotifier((value) => {
    const chat = state.chat;
    if (chat && isLive(chat) && socket.connected) void request('typing:set', { chatId: chat.id, typing: value });
  });

  /** Says "Reconnexion…" only if the connection is still down after RECONNECTING_DELAY_MS. */
  function dropped(): void {
    dropTimer ??= setTimeout(() => set({ connection: 'reconnecting' }), RECONNECTING_DELAY_MS);
  }
  function settled(connection: SessionState['connection']): void {
    clearTimeout(dropTimer);
    dropTimer = undefined;
    set({ connection });
  }

  socket.on('connect', () => {
    everOnline = true;
    settled('online');
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    set({ agentTyping: false });
    dropped();
    if (reason === 'io server disconnect') socket.connect(); // not retried automatically by socket.io
  });
  let limitedRetries = 0;
  socket.on('connect_error', (error) => {
    debug('connect_error', error.message);
    const data = (error as { data?: { code?: unknown; details?: { retryAfterMs?: unknown } } }).data;
    // Too many connections from this address: not final, try again after the server's delay (bounded).
    if (data?.code === 'rate_limited' && limitedRetries < 20) {
      limitedRetries += 1;
      const wait = Number(data.details?.retryAfterMs);
      set({ connection: everOnline ? 'reconnecting' : 'connecting' });
      setTimeout(() => socket.connect(), Number.isFinite(wait) && wait > 0 ? Math.min(wait, 60_000) : 1000);
      return;
    }
    // Any other refusal by the server's middleware (bad protocol…) is final; transport errors are retried.
    if (!socket.active) settled('failed');
    else if (everOnline) dropped();
    else set({ connection: 'connecting' });
  });
  socket.on('session:ready', (payload) => {
    limitedRetries = 0;
    if (typeof payload?.visitorToken === 'string') {
      visitorToken = payload.visitorToken;
      writeStorage(TOKEN_STORAGE_KEY, payload.visitorToken);
    }
    onReady();
    const active = payload?.activeChat ? setChat(payload.activeChat) : undefined;
    const chatId = active?.id ?? (isLive(state.chat) ? state.chat?.id : undefined);
    if (!chatId) return restoreOutbox();
    sync(chatId)
      .then((synced) => {
        if (synced && state.chat?.id === chatId && isLive(state.chat)) restoreOutbox(chatId);
        flushOutbox();
      })
      .catch(debug);
  });
  socket.on('chat:updated', (payload) => {
    const chat = asChat(payload?.chat);
    if (!chat) return;
    // Another tab may have started a chat: one active chat per visitor, so adopt it.
    if (chat.id === state.chat?.id) setChat(chat);
    else if (!state.chat && isLive(chat)) sync(chat.id).catch(debug);
  });
  socket.on('message:created', (payload) => addMessages([payload?.message]));
  socket.on('typing:changed', (payload) => {
    if (payload?.role !== 'agent' || payload.chatId !== state.chat?.id) return;
    clearTimeout(typingTimer);
    // A lost "false" must not leave the indicator on forever.
    if (payload.typing) typingTimer = setTimeout(() => set({ agentTyping: false }), 15_000);
    set({ agentTyping: payload.typing === true });
  });
  socket.on('chat:converted', (payload) => {
    const chat = state.chat;
    if (!chat || payload?.chatId !== chat.id) return;
    const ticketRef = typeof payload.ticket?.ref === 'string' ? payload.ticket.ref : chat.ticketRef;
    setChat({ ...chat, status: 'converted', ticketRef });
  });

  async function endChat(): Promise<void> {
    const chat = state.chat;
    if (!chat || !isLive(chat)) return;
    typing.stop();
    set({ busy: true, error: null });
    const res = await request('chat:end', { chatId: chat.id });
    if (!res.ok) return fail(res.error);
    setChat(res.data.chat);
    set({ busy: false, agentTyping: false });
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async start(payload) {
      set({ busy: true, error: null });
      let pageUrl: string | undefined;
      try {
        pageUrl = location.href.slice(0, 2048);
      } catch {
        pageUrl = undefined;
      }
      const res = await request('chat:start', { ...payload, locale: toProtocolLocale(locale()), pageUrl });
      if (res.ok) {
        const chat = setChat(res.data.chat);
        set({ busy: false });
        if (!chat) return;
        emit('chat:started', { chat });
        await sync(chat.id); // fetches the first message (seq 1)
        return;
      }
      const existing = res.error.code === 'conflict' ? res.error.details?.['chatId'] : undefined;
      if (typeof existing === 'string') {
        // One active chat per visitor: resume it instead of failing.
        await sync(existing);
        set({ busy: false });
        return;
      }
      fail(res.error, { department: payload.department });
    },
    send(text) {
      const chat = state.chat;
      const trimmed = text.trim();
      if (!chat || !isLive(chat) || !trimmed) return;
      typing.stop();
      const clientMessageId = newClientMessageId();
      const item: OutboxItem = { clientMessageId, chatId: chat.id, text: trimmed, createdAt: new Date().toISOString(), failed: false, attempt: 0 };
      outbox.set(clientMessageId, item);
      storeMessage(item); // before the first emit: from now on a reload resends it
      publishMessages();
      void deliver(item);
    },
    input: () => typing.input(),
    end: endChat,
    async createTicket(payload) {
      if (state.busy) return;
      set({ busy: true, error: null });
      const res = await request('ticket:create', payload);
      if (!res.ok) return fail(res.error, { department: payload.department });
      set({ ticket: { ticket: res.data.ticket, merged: res.data.merged === true }, busy: false });
      // The ticket replaces the queued chat it was offered in: end that chat (quietly; the ticket is safe).
      const chat = state.chat;
      if (!chat || !isLive(chat)) return;
      typing.stop();
      const ended = await request('chat:end', { chatId: chat.id });
      if (ended.ok) setChat(ended.data.chat);
      else debug('chat:end after ticket', ended.error);
    },
    departments: () => fetchDepartments(server),
    publicConfig: async () => parseConfig(await getJson(`${server}/api/public/config`)),
    async visitorTickets() {
      await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, ACK_TIMEOUT_MS))]);
      const token = visitorToken ?? readStorage(TOKEN_STORAGE_KEY);
      return token ? parseTickets(await getJson(`${server}/api/visitor/tickets`, token)) : null;
    },
    command: request,
    async downloadTranscript(parent) {
      const chat = state.chat;
      if (!chat) return;
      const token = visitorToken ?? readStorage(TOKEN_STORAGE_KEY);
      // The download code is in widget-extra.js (a rare action): a failed import is a failed download.
      const done = await loadExtra().then(
        ({ downloadTranscript }) => downloadTranscript({ server, chatId: chat.id, token, ticketRef: chat.ticketRef, parent }),
        () => false,
      );
      set({ error: done ? null : { code: 'download_failed' } });
    },
    reset() {
      if (isLive(state.chat) && !state.ticket) return;
      book.clear();
      outbox.clear();
      lastSeq = 0;
      publishMessages({ chat: null, agentTyping: false, error: null, busy: false, ticket: null });
    },
    close() {
      typing.stop();
      clearTimeout(typingTimer);
      clearTimeout(dropTimer);
      socket.disconnect();
      listeners.clear();
    },
  };
}

function toProtocolLocale(value: string): 'fr' | 'en' | 'ar' | undefined {
  return value === 'fr' || value === 'en' || value === 'ar' ? value : undefined;
}
