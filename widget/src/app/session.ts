import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@besoin/shared';
import { debug } from '../debug';
import { readStorage, writeStorage } from '../storage';
import { fetchDepartments } from './departments';
import { loadExtra } from './extraChunk';
import { getJson, parseConfig, parseTickets } from './visitorData';
import type { SessionError } from './notices';
import type { Command, Fail, Outcome, PayloadOf, Session, SessionOptions, SessionState, VisitorSocket } from './sessionTypes';
import { createTranscript, isLive } from './transcript';
import { createTypingNotifier } from './typing';

// The visitor's connection to `/visitor`: handshake, connection state, commands with an ack
// timeout and the chat lifecycle. The chat's messages, the persisted outbox and chat:sync after
// every (re)connect are in transcript.ts; the types in sessionTypes.ts. No UI here: views read
// `getState()` and call the commands.

export { newClientMessageId } from './transcript';
export type { Outcome, PayloadOf, PendingMessage, ScreenCommand, Session, SessionOptions, SessionState } from './sessionTypes';

/** localStorage key of the visitor token that `session:ready` hands out. */
export const TOKEN_STORAGE_KEY = 'besoin-daide:visitorToken';
const ACK_TIMEOUT_MS = 8000;
/** A drop shorter than this is not announced: "Reconnexion…" would only flash. */
export const RECONNECTING_DELAY_MS = 1000;

/** Connects to `${server}/visitor` and returns the session controller. */
export function createSession({ server, locale, emit = () => undefined }: SessionOptions): Session {
  const listeners = new Set<() => void>();
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
  const getState = () => state;

  const socket: VisitorSocket = io(`${server}/visitor`, {
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

  /** Emits a command with an ack timeout; never rejects. */
  async function request<K extends Command>(name: K, payload: PayloadOf<K>): Promise<Outcome<K>> {
    try {
      const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
        emitWithAck(event: string, data: unknown): Promise<Outcome<K>>;
      };
      return await timed.emitWithAck(name, payload);
    } catch {
      return { ok: false, error: { code: 'timeout', message: 'No acknowledgement in time.' } };
    }
  }

  const fail: Fail = (error, extra = {}) => {
    debug('command failed', error);
    const sessionError: SessionError = { code: error.code, ...extra };
    if ('details' in error && error.details) sessionError.details = error.details;
    set({ error: sessionError, busy: false });
  };

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
    // Not final: too many connections or a busy server (rate_limited, after the server's delay),
    // or the server could not read the session (internal, after 1, 2, 4… up to 30 s). Bounded.
    if ((data?.code === 'rate_limited' || data?.code === 'internal') && limitedRetries < 20) {
      limitedRetries += 1;
      const wait = Number(data.details?.retryAfterMs);
      set({ connection: everOnline ? 'reconnecting' : 'connecting' });
      setTimeout(() => socket.connect(), Number.isFinite(wait) && wait > 0 ? Math.min(wait, 60_000) : Math.min(500 << limitedRetries, 30_000));
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
  });
  // After the session:ready listener above: the transcript's own one then syncs the chat.
  const { setChat, sync, queue, clear } = createTranscript(socket, request, getState, set, fail, emit);

  const typing = createTypingNotifier((value) => {
    const chat = state.chat;
    if (chat && isLive(chat) && socket.connected) void request('typing:set', { chatId: chat.id, typing: value });
  });
  socket.on('typing:changed', (payload) => {
    if (payload?.role !== 'agent' || payload.chatId !== state.chat?.id) return;
    clearTimeout(typingTimer);
    // A lost "false" must not leave the indicator on forever.
    if (payload.typing) typingTimer = setTimeout(() => set({ agentTyping: false }), 15_000);
    set({ agentTyping: payload.typing === true });
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
    getState,
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
      queue(chat.id, trimmed);
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
      clear({ chat: null, agentTyping: false, error: null, busy: false, ticket: null });
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
