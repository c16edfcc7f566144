import type { ChatView, Message } from '@besoin/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OUTBOX_LIMIT, OUTBOX_STORAGE_KEY, readOutbox, type StoredMessage } from './outbox';
import { createSession, RECONNECTING_DELAY_MS, type Session } from './session';

// The persisted outbox through the real session controller: socket.io-client is replaced by a
// fake socket answered by a tiny in-memory server (seq per chat, de-duplication by clientMessageId,
// chat:sync); "reloading the page" is creating a new controller over the same localStorage.

const fake = vi.hoisted(() => {
  type Handler = (payload?: unknown) => void;
  /** What the fake server answers: an ack, or `undefined` for none (the request stays unanswered). */
  type Responder = (event: string, payload: Record<string, unknown>) => unknown;
  class FakeSocket {
    connected = false;
    active = true;
    handlers = new Map<string, Handler[]>();
    /** Every command, with the stored outbox as it was at the moment of the emit. */
    emitted: { event: string; payload: Record<string, unknown>; storedAtEmit: string | null }[] = [];
    constructor(public respond: () => Responder) {}
    on(event: string, fn: Handler) {
      this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
      return this;
    }
    fire(event: string, payload?: unknown) {
      this.handlers.get(event)?.forEach((fn) => fn(payload));
    }
    timeout() {
      return {
        emitWithAck: (event: string, payload: Record<string, unknown>) =>
          new Promise((resolve) => {
            let storedAtEmit: string | null = null;
            try {
              storedAtEmit = localStorage.getItem('besoin-daide:outbox');
            } catch {
              // the test made storage throw
            }
            this.emitted.push({ event, payload, storedAtEmit });
            const ack = this.respond()(event, payload);
            if (ack !== undefined) resolve(ack);
          }),
      };
    }
    connects = 0;
    connect() {
      this.connects += 1;
    }
    disconnect() {
      this.connected = false;
    }
    /** The server accepts the connection: connect, then session:ready with the active chat. */
    accept(activeChat: unknown) {
      this.connected = true;
      this.fire('connect');
      this.fire('session:ready', { visitorToken: 'visitor-token', activeChat });
    }
    drop() {
      this.connected = false;
      this.fire('disconnect', 'transport close');
    }
    sends() {
      return this.emitted.filter((e) => e.event === 'message:send');
    }
  }
  const state = { sockets: [] as FakeSocket[], responder: (() => undefined) as Responder };
  return { FakeSocket, state };
});

vi.mock('socket.io-client', () => ({
  io: () => {
    const socket = new fake.FakeSocket(() => fake.state.responder);
    fake.state.sockets.push(socket);
    return socket;
  },
}));

const CHAT: ChatView = {
  id: 'chat-1',
  status: 'active',
  department: 'technical',
  subject: 'Site en panne',
  visitor: { name: 'Alice', email: 'alice@example.com' },
  lastSeq: 1,
  createdAt: '2026-03-09T09:00:00.000Z',
};

/** The in-memory server: seq 1 is the chat's first message; `mode` decides what message:send does. */
function fakeServer() {
  const messages: Message[] = [
    { id: 'm1', chatId: CHAT.id, seq: 1, author: { role: 'visitor', name: 'Alice' }, text: 'Bonjour', createdAt: CHAT.createdAt },
  ];
  const server = {
    messages,
    /** `ack`: store and answer; `lost`: store, never answer (the ack is lost); `silent`: neither; or an error ack. */
    mode: 'ack' as 'ack' | 'lost' | 'silent' | { ok: false; error: { code: string; message: string } },
    store(payload: Record<string, unknown>): Message {
      const existing = messages.find((m) => m.clientMessageId === payload['clientMessageId']);
      if (existing) return existing; // de-duplicated on (chatId, clientMessageId)
      const message: Message = {
        id: `m${messages.length + 1}`,
        chatId: String(payload['chatId']),
        seq: messages.length + 1,
        clientMessageId: String(payload['clientMessageId']),
        author: { role: 'visitor', name: 'Alice' },
        text: String(payload['text']),
        createdAt: new Date().toISOString(),
      };
      messages.push(message);
      return message;
    },
  };
  fake.state.responder = (event, payload) => {
    if (event === 'chat:sync') {
      const afterSeq = Number(payload['afterSeq']);
      return { ok: true, data: { chat: { ...CHAT, lastSeq: messages.length }, messages: messages.filter((m) => m.seq > afterSeq) } };
    }
    if (event !== 'message:send') return { ok: true, data: {} };
    if (typeof server.mode === 'object') return server.mode;
    if (server.mode === 'silent') return undefined;
    const message = server.store(payload);
    return server.mode === 'ack' ? { ok: true, data: { message } } : undefined;
  };
  return server;
}

const settle = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};
const stored = () => readOutbox();
const texts = (session: Session) => session.getState().messages.map((m) => m.text);

let sessions: Session[] = [];
/** A page load: a new controller (over the same localStorage) and its socket. */
function load() {
  const session = createSession({ server: 'https://support.example', locale: () => 'fr' });
  sessions.push(session);
  const socket = fake.state.sockets[fake.state.sockets.length - 1];
  if (!socket) throw new Error('no socket');
  return { session, socket };
}

beforeEach(() => {
  fake.state.sockets = [];
  vi.spyOn(console, 'warn').mockImplementation(() => undefined); // dev-only debug output
});
afterEach(() => {
  sessions.forEach((s) => s.close());
  sessions = [];
  vi.restoreAllMocks();
  vi.useRealTimers();
  localStorage.clear();
});

describe('persisted outbox', () => {
  it('writes the message to localStorage before the first emit, and removes it when acked', async () => {
    const server = fakeServer();
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    session.send('  Mon site affiche une erreur 500.  ');
    await settle();

    const [send] = socket.sends();
    const id = String(send?.payload['clientMessageId']);
    const atEmit = JSON.parse(send?.storedAtEmit ?? '[]') as StoredMessage[];
    expect(atEmit).toEqual([{ clientMessageId: id, chatId: CHAT.id, text: 'Mon site affiche une erreur 500.', createdAt: expect.any(String) }]);
    expect(stored()).toEqual([]); // acked: gone
    expect(localStorage.getItem(OUTBOX_STORAGE_KEY)).toBeNull();
    expect(texts(session)).toEqual(['Bonjour', 'Mon site affiche une erreur 500.']);
    expect(server.messages).toHaveLength(2);
  });

  it('restores an unacknowledged message after a reload, shows it as pending and resends it with the same clientMessageId', async () => {
    const server = fakeServer();
    server.mode = 'silent';
    const first = load();
    first.socket.accept(CHAT);
    await settle();
    first.session.send('Toujours en panne ?');
    await settle();
    const id = first.socket.sends()[0]?.payload['clientMessageId'];
    expect(first.session.getState().pending.map((p) => p.text)).toEqual(['Toujours en panne ?']);
    first.session.close(); // the page goes away before the ack

    const second = load(); // the reload: a new controller, the same storage
    second.socket.accept(CHAT);
    await settle();
    expect(second.socket.sends().map((s) => s.payload['clientMessageId'])).toEqual([id]);
    expect(second.session.getState().pending.map((p) => [p.clientMessageId, p.text])).toEqual([[id, 'Toujours en panne ?']]);
    // The resend happens only once chat:sync is done.
    const events = second.socket.emitted.map((e) => e.event);
    expect(events.indexOf('chat:sync')).toBeLessThan(events.indexOf('message:send'));

    server.mode = 'ack';
    const third = load(); // and once more, now that the server answers
    third.socket.accept(CHAT);
    await settle();
    expect(third.socket.sends().map((s) => s.payload['clientMessageId'])).toEqual([id]);
    expect(texts(third.session)).toEqual(['Bonjour', 'Toujours en panne ?']);
    expect(third.session.getState().pending).toEqual([]);
    expect(stored()).toEqual([]);
    expect(server.messages).toHaveLength(2);
  });

  it('does not resend a message that chat:sync shows delivered (the ack was lost), and forgets it', async () => {
    const server = fakeServer();
    server.mode = 'lost';
    const first = load();
    first.socket.accept(CHAT);
    await settle();
    first.session.send('Merci');
    await settle();
    expect(stored()).toHaveLength(1);
    first.session.close();

    server.mode = 'ack';
    const second = load();
    second.socket.accept(CHAT);
    await settle();
    expect(second.socket.sends()).toEqual([]);
    expect(texts(second.session)).toEqual(['Bonjour', 'Merci']);
    expect(second.session.getState().pending).toEqual([]);
    expect(stored()).toEqual([]);
  });

  it('shows a pending item restored by two tabs once in each, and a message of the other tab once', async () => {
    const server = fakeServer();
    server.mode = 'silent';
    const before = load();
    before.socket.accept(CHAT);
    await settle();
    before.session.send('Envoyé avant le rechargement');
    await settle();
    before.session.close();

    server.mode = 'ack';
    const a = load();
    const b = load();
    a.socket.accept(CHAT);
    b.socket.accept(CHAT);
    await settle();
    // Both resent it with the same clientMessageId: the server kept one message (one seq).
    expect(server.messages.map((m) => m.text)).toEqual(['Bonjour', 'Envoyé avant le rechargement']);
    const created = server.messages[1];
    // The server also tells each tab about the other's send (message:created): still shown once.
    a.socket.fire('message:created', { message: created });
    b.socket.fire('message:created', { message: created });
    expect(texts(a.session)).toEqual(['Bonjour', 'Envoyé avant le rechargement']);
    expect(texts(b.session)).toEqual(['Bonjour', 'Envoyé avant le rechargement']);

    // A message sent from tab A reaches tab B once.
    a.session.send('Depuis l’onglet A');
    await settle();
    b.socket.fire('message:created', { message: server.messages[2] });
    b.socket.fire('message:created', { message: server.messages[2] });
    expect(texts(b.session)).toEqual(['Bonjour', 'Envoyé avant le rechargement', 'Depuis l’onglet A']);
    expect(b.session.getState().pending).toEqual([]);
    expect(stored()).toEqual([]);
  });

  it(`keeps at most ${OUTBOX_LIMIT} stored messages, the newest`, async () => {
    const server = fakeServer();
    server.mode = 'silent';
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    for (let i = 1; i <= OUTBOX_LIMIT + 10; i += 1) session.send(`message ${i}`);
    const list = stored();
    expect(list).toHaveLength(OUTBOX_LIMIT);
    expect(list[0]?.text).toBe('message 11');
    expect(list[OUTBOX_LIMIT - 1]?.text).toBe(`message ${OUTBOX_LIMIT + 10}`);
    expect(session.getState().pending).toHaveLength(OUTBOX_LIMIT + 10); // this page still sends them all
  });

  it('keeps working when storage throws (privacy mode, quota)', async () => {
    const server = fakeServer();
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    expect(() => session.send('Sans stockage')).not.toThrow();
    await settle();
    expect(socket.sends()).toHaveLength(1);
    expect(texts(session)).toEqual(['Bonjour', 'Sans stockage']);
    expect(server.messages).toHaveLength(2);
  });

  it('ignores what is not a list of messages in storage', async () => {
    fakeServer();
    localStorage.setItem(OUTBOX_STORAGE_KEY, '{not json');
    expect(stored()).toEqual([]);
    localStorage.setItem(OUTBOX_STORAGE_KEY, JSON.stringify([{ clientMessageId: 1 }, null, 'x']));
    expect(stored()).toEqual([]);
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    expect(session.getState().pending).toEqual([]);
  });

  it('forgets a message refused for good, keeps one that may still go through (rate_limited)', async () => {
    const server = fakeServer();
    server.mode = { ok: false, error: { code: 'invalid_payload', message: 'invalid' } };
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    session.send('Refusé');
    await settle();
    expect(session.getState().pending.map((p) => p.failed)).toEqual([true]);
    expect(stored()).toEqual([]);

    vi.useFakeTimers();
    server.mode = { ok: false, error: { code: 'rate_limited', message: 'slow down' } };
    session.send('Plus tard');
    await vi.advanceTimersByTimeAsync(0);
    expect(stored().map((s) => s.text)).toEqual(['Plus tard']);
  });

  it('rides out a store outage: `internal` is retried for about half a minute, then the message goes through', async () => {
    const server = fakeServer();
    server.mode = { ok: false, error: { code: 'internal', message: 'store unavailable' } };
    const { session, socket } = load();
    socket.accept(CHAT);
    await settle();
    vi.useFakeTimers();
    session.send('Pendant la panne');
    await vi.advanceTimersByTimeAsync(15_000); // attempts at 0, 1, 3, 6, 10, 14 s: all refused
    expect(session.getState().pending.map((p) => p.failed)).toEqual([false]);
    server.mode = 'ack'; // the store is back
    await vi.advanceTimersByTimeAsync(4_000);
    expect(session.getState().pending).toEqual([]);
    expect(server.messages.map((m) => m.text)).toContain('Pendant la panne');
    expect(stored()).toEqual([]);
  });

  it('drops stored messages of a chat that is over, after a grace period', async () => {
    fakeServer();
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const fresh = new Date().toISOString();
    localStorage.setItem(
      OUTBOX_STORAGE_KEY,
      JSON.stringify([
        { clientMessageId: 'a', chatId: 'chat-ended', text: 'ancien', createdAt: old },
        { clientMessageId: 'b', chatId: 'chat-new', text: 'tout neuf', createdAt: fresh },
      ]),
    );
    const { session, socket } = load();
    socket.accept(null); // no active chat
    await settle();
    expect(stored().map((s) => s.clientMessageId)).toEqual(['b']); // another tab may have just started chat-new
    expect(session.getState().pending).toEqual([]);
    expect(socket.sends()).toEqual([]);
  });
});

describe('connection status', () => {
  it('says "reconnecting" only when a drop lasts longer than RECONNECTING_DELAY_MS', async () => {
    fakeServer();
    vi.useFakeTimers();
    const { session, socket } = load();
    expect(session.getState().connection).toBe('connecting');
    socket.accept(CHAT);
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getState().connection).toBe('online');

    socket.drop();
    await vi.advanceTimersByTimeAsync(RECONNECTING_DELAY_MS - 100);
    expect(session.getState().connection).toBe('online'); // a short drop is not announced
    socket.accept(CHAT);
    await vi.advanceTimersByTimeAsync(RECONNECTING_DELAY_MS * 3);
    expect(session.getState().connection).toBe('online');

    socket.drop();
    socket.fire('connect_error', new Error('xhr poll error'));
    await vi.advanceTimersByTimeAsync(RECONNECTING_DELAY_MS);
    expect(session.getState().connection).toBe('reconnecting');
    socket.accept(CHAT);
    expect(session.getState().connection).toBe('online');
  });

  it('tries again after retryAfterMs when the server refuses the connection for rate limiting', async () => {
    fakeServer();
    vi.useFakeTimers();
    const { session, socket } = load();
    socket.active = false; // a middleware refusal: socket.io-client does not retry by itself
    const refusal = Object.assign(new Error('Too many connections.'), { data: { code: 'rate_limited', details: { retryAfterMs: 1500 } } });
    socket.fire('connect_error', refusal);
    expect(session.getState().connection).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1400);
    expect(socket.connects).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(socket.connects).toBe(1);
    // any other refusal is final
    socket.fire('connect_error', Object.assign(new Error('bad protocol'), { data: { code: 'incompatible_protocol' } }));
    expect(session.getState().connection).toBe('failed');
  });
});
