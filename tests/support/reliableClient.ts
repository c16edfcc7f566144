import { PROTOCOL_VERSION, type Ack, type Message } from '@besoin/shared';
import { io, type Socket } from 'socket.io-client';
import { command } from './clients';

// A client that follows DESIGN §2 "Delivery" to the letter, for chaos tests: every message
// gets a clientMessageId and stays in an outbox, resent with the same id, until acknowledged;
// socket.io-client reconnects by itself (one socket for the client's whole life) and, after
// every `session:ready`, each known chat is synced from the last seq shown. What it shows is
// kept by seq, and anything shown twice is counted.

/** One message as the client shows it. */
export interface Shown { id: string; seq: number; clientMessageId: string | null; authorRole: string }

interface ChatState {
  shown: Map<number, Shown>;
  ids: Set<string>;
  clientIds: Set<string>;
  /** Highest seq n such that 1..n are all shown: where `chat:sync` resumes. */
  watermark: number;
  needsSync: boolean;
  syncing: boolean;
}

interface OutboxEntry { chatId: string; text: string; attempts: number; inflight: boolean; notBefore: number; lastSentAt: number }

export interface ReliableClientOptions {
  url: string;
  role: 'visitor' | 'agent';
  /** Also the prefix of this client's clientMessageIds. */
  name: string;
  /** The agent's session token (agents only). */
  token?: string;
  ackTimeoutMs?: number;
}

/** Logs an agent in over HTTP and returns the session token. */
export async function loginAgent(url: string, login: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`login ${login}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** Opens a self-reconnecting client with an outbox; `close()` stops it. */
export function openReliableClient(options: ReliableClientOptions) {
  const { url, role, name } = options;
  const ackTimeoutMs = options.ackTimeoutMs ?? 3000;
  let visitorToken: string | undefined;
  let generation = 0;
  let counter = 0;
  let closed = false;
  const chats = new Map<string, ChatState>();
  const outbox = new Map<string, OutboxEntry>();
  /** Every clientMessageId this client created → its chat. */
  const sent = new Map<string, string>();
  /** clientMessageId → the stored message the server acknowledged. */
  const acked = new Map<string, { chatId: string; id: string; seq: number }>();
  const problems: string[] = [];
  const stats = {
    sent: 0, attempts: 0, acked: 0, ackMismatches: 0, rejected: 0, rateLimited: 0,
    /** A message received again at a seq already shown (ignored, as the protocol says). */
    redelivered: 0,
    /** A message shown under two seqs, or two messages under one seq. */
    duplicates: 0,
    /** Acknowledged on a resend with a message stored before that resend was sent: the ack of an earlier attempt was lost. */
    storedByEarlierAttempt: 0,
    sessions: 0, connectErrors: 0, syncs: 0, syncFailures: 0,
  };

  const socket: Socket = io(`${url}/${role}`, {
    // A function, so that each reconnect presents the latest visitor token.
    auth: (cb) => cb(role === 'visitor'
      ? { protocol: PROTOCOL_VERSION, ...(visitorToken ? { visitorToken } : {}) }
      : { protocol: PROTOCOL_VERSION, token: options.token }),
    transports: ['websocket'], forceNew: true,
    reconnection: true, reconnectionDelay: 20, reconnectionDelayMax: 150, randomizationFactor: 0.5, timeout: 5000,
  });

  function chatState(chatId: string): ChatState {
    let state = chats.get(chatId);
    if (!state) {
      state = { shown: new Map(), ids: new Set(), clientIds: new Set(), watermark: 0, needsSync: true, syncing: false };
      chats.set(chatId, state);
    }
    return state;
  }

  function show(m: Message): void {
    const state = chatState(m.chatId);
    const prior = state.shown.get(m.seq);
    if (prior) {
      if (prior.id === m.id) stats.redelivered++;
      else {
        stats.duplicates++;
        problems.push(`${name}: seq ${m.seq} of ${m.chatId} shown as ${prior.id} and as ${m.id}`);
      }
      return;
    }
    const clientMessageId = m.clientMessageId ?? null;
    if (state.ids.has(m.id) || (clientMessageId && state.clientIds.has(clientMessageId))) {
      stats.duplicates++;
      problems.push(`${name}: message ${m.id} (${clientMessageId}) shown again at seq ${m.seq} of ${m.chatId}`);
    }
    state.shown.set(m.seq, { id: m.id, seq: m.seq, clientMessageId, authorRole: m.author.role });
    state.ids.add(m.id);
    if (clientMessageId) state.clientIds.add(clientMessageId);
    while (state.shown.has(state.watermark + 1)) state.watermark++;
  }

  function sync(chatId: string, state: ChatState): void {
    const gen = generation;
    state.syncing = true;
    stats.syncs++;
    socket.timeout(ackTimeoutMs).emit('chat:sync', { chatId, afterSeq: state.watermark }, (err: Error | null, ack?: Ack<{ messages: Message[] }>) => {
      state.syncing = false;
      if (err || !ack) return void stats.syncFailures++; // still needsSync: the pump retries
      if (!ack.ok) {
        stats.syncFailures++;
        problems.push(`${name}: chat:sync ${chatId} answered ${ack.error.code}`);
        return;
      }
      for (const m of ack.data.messages) show(m);
      // A sync answered on an older connection does not cover the gap of the newer one.
      if (gen === generation) state.needsSync = false;
    });
  }

  function onAck(clientMessageId: string, attempt: number, err: Error | null, ack?: Ack<{ message: Message }>): void {
    const entry = outbox.get(clientMessageId);
    const current = entry?.attempts === attempt;
    if (err || !ack) {
      if (entry && current) entry.inflight = false; // timed out or the connection dropped: resend
      return;
    }
    if (!ack.ok) {
      if (ack.error.code === 'rate_limited') {
        stats.rateLimited++;
        const retryAfterMs = Number((ack.error.details as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 100);
        if (entry && current) Object.assign(entry, { inflight: false, notBefore: Date.now() + retryAfterMs });
        return;
      }
      stats.rejected++;
      problems.push(`${name}: ${clientMessageId} refused with ${ack.error.code} (${ack.error.message})`);
      outbox.delete(clientMessageId);
      return;
    }
    const m = ack.data.message;
    const known = acked.get(clientMessageId);
    if (m.clientMessageId !== clientMessageId) problems.push(`${name}: ack of ${clientMessageId} carries ${m.clientMessageId}`);
    if (known) {
      if (known.id !== m.id || known.seq !== m.seq) {
        stats.ackMismatches++;
        problems.push(`${name}: ${clientMessageId} acknowledged as ${known.id}@${known.seq} then as ${m.id}@${m.seq}`);
      }
    } else {
      acked.set(clientMessageId, { chatId: m.chatId, id: m.id, seq: m.seq });
      stats.acked++;
      if (entry && entry.attempts > 1 && Date.parse(m.createdAt) < entry.lastSentAt) stats.storedByEarlierAttempt++;
    }
    outbox.delete(clientMessageId);
    show(m);
  }

  function attempt(clientMessageId: string, entry: OutboxEntry): void {
    entry.inflight = true;
    entry.attempts++;
    entry.lastSentAt = Date.now();
    stats.attempts++;
    const attemptNo = entry.attempts;
    socket.timeout(ackTimeoutMs).emit(
      'message:send', { chatId: entry.chatId, clientMessageId, text: entry.text },
      (err: Error | null, ack?: Ack<{ message: Message }>) => onAck(clientMessageId, attemptNo, err, ack),
    );
  }

  /** Sends what can be sent now: pending syncs, then every outbox entry not in flight. */
  function pump(): void {
    if (closed || !socket.connected) return;
    for (const [chatId, state] of chats) if (state.needsSync && !state.syncing) sync(chatId, state);
    const now = Date.now();
    for (const [clientMessageId, entry] of outbox) if (!entry.inflight && entry.notBefore <= now) attempt(clientMessageId, entry);
  }

  let onFirstSession: (() => void) | null = null;
  const firstSession = new Promise<void>((resolve) => (onFirstSession = resolve));

  socket.on('session:ready', (p: { visitorToken?: string; activeChat?: { id: string } | null; chats?: { id: string }[] }) => {
    stats.sessions++;
    generation++;
    if (p.visitorToken) {
      if (visitorToken && visitorToken !== p.visitorToken) problems.push(`${name}: the server gave a new visitor token on reconnect`);
      visitorToken = p.visitorToken;
    }
    if (p.activeChat) chatState(p.activeChat.id);
    for (const c of p.chats ?? []) chatState(c.id);
    for (const state of chats.values()) state.needsSync = true;
    onFirstSession?.();
    pump();
  });
  socket.on('chat:assigned', (p: { chat: { id: string }; messages: Message[] }) => {
    chatState(p.chat.id);
    for (const m of p.messages) show(m);
  });
  socket.on('message:created', (p: { message: Message }) => show(p.message));
  socket.on('connect_error', () => {
    stats.connectErrors++;
    // A refusal by the server's middleware (`internal` while its store is away) is not retried
    // by socket.io itself; a client that wants its messages through tries again.
    if (!socket.active && !closed) setTimeout(() => !closed && socket.connect(), 100).unref();
  });
  const timer = setInterval(pump, 40);

  return {
    name,
    role,
    /** The one socket of this client (never replaced: reconnection is socket.io-client's). */
    socket,
    stats,
    problems,
    sent,
    acked,
    /** What the client shows, per chat, keyed by seq. */
    shown(chatId: string): ReadonlyMap<number, Shown> {
      return chats.get(chatId)?.shown ?? new Map();
    },
    chatIds(): string[] {
      return [...chats.keys()];
    },
    outboxSize: () => outbox.size,
    visitorToken: () => visitorToken,
    /** Resolves at the first `session:ready`. */
    ready(timeoutMs = 10_000): Promise<void> {
      return Promise.race([
        firstSession,
        new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`${name}: no session:ready`)), timeoutMs).unref()),
      ]);
    },
    /** A command answered with its ack data (throws on `ok: false`). */
    command<T>(event: string, payload: unknown): Promise<T> {
      return command<T>(socket, event, payload);
    },
    /** Visitors: starts a chat and follows it. */
    async startChat(payload: Record<string, unknown>): Promise<string> {
      const { chat } = await command<{ chat: { id: string } }>(socket, 'chat:start', payload);
      chatState(chat.id).needsSync = true;
      pump();
      return chat.id;
    },
    /** Queues a message in the outbox (sent at once when connected); returns its clientMessageId. */
    send(chatId: string): string {
      const clientMessageId = `${name}-${++counter}`;
      outbox.set(clientMessageId, { chatId, text: `${name} #${counter}`, attempts: 0, inflight: false, notBefore: 0, lastSentAt: 0 });
      sent.set(clientMessageId, chatId);
      stats.sent++;
      pump();
      return clientMessageId;
    },
    /** Closes the transport from the client side; socket.io reconnects by itself. False when not connected. */
    dropTransport(): boolean {
      if (!socket.connected) return false;
      socket.io.engine.close();
      return true;
    },
    close(): void {
      closed = true;
      clearInterval(timer);
      socket.disconnect();
    },
  };
}

export type ReliableClient = ReturnType<typeof openReliableClient>;
