import { PROTOCOL_VERSION } from '@besoin/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outboxKey } from '../session/outboxStorage';
import { agentView, chatView, message } from '../test/fixtures';
import { type FakeAgentSocket, fakeSockets } from '../test/fakeAgentSocket';
import { MemoryStorage } from '../test/memoryStorage';
import { type AgentController, createAgentController } from './agentController';

vi.mock('socket.io-client', async () => {
  const { fakeIo } = await import('../test/fakeAgentSocket');
  return { io: fakeIo };
});

const fetchImpl = (async () =>
  new Response(JSON.stringify({ queues: [] }), { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch;

const controllers: AgentController[] = [];

/** Opens the desk (one page load) on `storage`; returns the controller and its socket. */
function openDesk(
  storage: MemoryStorage,
  onUnauthorized: () => void = vi.fn(),
  fetch: typeof globalThis.fetch = fetchImpl,
): { desk: AgentController; socket: FakeAgentSocket } {
  const desk = createAgentController({ onUnauthorized, fetchImpl: fetch, storage: () => storage });
  controllers.push(desk);
  return { desk, socket: fakeSockets.at(-1)! };
}

const ready = (chats = [chatView()], agent = agentView()) => ({ agent, chats, queues: [] });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  for (const desk of controllers.splice(0)) desk.stop();
  vi.useRealTimers();
});

describe('agent controller — outbox across a reload', () => {
  it('stores a message before emitting it; the reloaded page shows it after the sync and resends the same id', async () => {
    const storage = new MemoryStorage();
    const first = openDesk(storage);
    let storedAtEmit: string | null = null;
    first.socket.answer = (event) => {
      if (event === 'chat:sync') return { ok: true, data: { chat: chatView({ lastSeq: 1 }), messages: [message(1, 'Allô ?')] } };
      if (event === 'message:send') storedAtEmit = storage.getItem(outboxKey('agent-1'));
      return new Promise(() => undefined); // the ack is lost: the page is reloaded first
    };
    first.socket.serverEmit('session:ready', ready());
    await flush();
    first.desk.send('chat-1', '  Je regarde ça  ');
    const [sent] = first.socket.commands('message:send');
    expect(sent).toEqual({ chatId: 'chat-1', clientMessageId: expect.any(String), text: 'Je regarde ça' });
    expect(JSON.parse(storedAtEmit ?? '[]')).toEqual([
      { clientMessageId: sent?.clientMessageId, chatId: 'chat-1', text: 'Je regarde ça', internal: false, createdAt: expect.any(String) },
    ]);
    first.desk.stop();

    // Reload: a new controller and store, the same storage.
    const second = openDesk(storage);
    let answerSync: (value: unknown) => void = () => undefined;
    second.socket.answer = (event, payload) => {
      if (event === 'chat:sync') return new Promise((resolve) => (answerSync = resolve));
      if (event === 'message:send') {
        return { ok: true, data: { message: message(2, String(payload.text), { clientMessageId: String(payload.clientMessageId), author: { role: 'agent', name: 'Bruno' } }) } };
      }
      return { ok: true, data: {} };
    };
    second.socket.serverEmit('session:ready', ready());
    await flush();
    // Not before the chat is synced: the sync may show it was stored after all.
    expect(second.desk.store.getState().chats['chat-1']?.pending).toEqual([]);
    expect(second.socket.commands('message:send')).toEqual([]);
    answerSync({ ok: true, data: { chat: chatView({ lastSeq: 1 }), messages: [message(1, 'Allô ?')] } });
    await flush();
    expect(second.socket.commands('message:send')).toEqual([sent]);
    await flush();
    const entry = second.desk.store.getState().chats['chat-1'];
    expect(entry?.pending).toEqual([]);
    expect(entry?.messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'Allô ?'],
      [2, 'Je regarde ça'],
    ]);
    expect(storage.getItem(outboxKey('agent-1'))).toBeNull();
  });

  it('a reloaded page does not resend what the sync shows as stored', async () => {
    const storage = new MemoryStorage();
    const first = openDesk(storage);
    first.socket.answer = (event) =>
      event === 'chat:sync' ? { ok: true, data: { chat: chatView(), messages: [] } } : new Promise(() => undefined);
    first.socket.serverEmit('session:ready', ready());
    await flush();
    first.desk.send('chat-1', 'Note', true);
    const [sent] = first.socket.commands('message:send');
    first.desk.stop();

    const second = openDesk(storage);
    const stored = message(4, 'Note', { clientMessageId: String(sent?.clientMessageId), internal: true, author: { role: 'agent', name: 'Bruno' } });
    second.socket.answer = (event) =>
      event === 'chat:sync' ? { ok: true, data: { chat: chatView({ lastSeq: 4 }), messages: [stored] } } : { ok: true, data: {} };
    second.socket.serverEmit('session:ready', ready());
    await flush();
    await flush();
    expect(second.socket.commands('message:send')).toEqual([]);
    expect(second.desk.store.getState().chats['chat-1']?.pending).toEqual([]);
    expect(storage.getItem(outboxKey('agent-1'))).toBeNull();
  });
});

describe('agent controller — reconnecting', () => {
  it('a drop under a second shows nothing; after it every chat is synced from its last seq and observed chats re-joined', async () => {
    vi.useFakeTimers();
    const { desk, socket } = openDesk(new MemoryStorage());
    const observed = chatView({ id: 'chat-7', agent: { id: 'agent-2', displayName: 'Chloé' } });
    socket.answer = (event, payload) => {
      if (event === 'chat:sync') return { ok: true, data: { chat: chatView({ lastSeq: 3 }), messages: [message(1, 'a'), message(2, 'b'), message(3, 'c')] } };
      if (event === 'chat:join') return { ok: true, data: { chat: observed, messages: [message(5, 'x', { chatId: String(payload.chatId) })] } };
      return { ok: true, data: {} };
    };
    const supervisor = agentView({ role: 'supervisor' });
    socket.serverEmit('session:ready', ready([chatView()], supervisor));
    await vi.advanceTimersByTimeAsync(0);
    expect(await desk.join('chat-7')).toBe(true);
    socket.sent.length = 0;

    socket.serverEmit('disconnect', 'transport close');
    await vi.advanceTimersByTimeAsync(800);
    expect(desk.store.getState().connection).toBe('online');
    socket.serverEmit('session:ready', ready([chatView()], supervisor));
    await vi.advanceTimersByTimeAsync(2000);
    expect(desk.store.getState().connection).toBe('online');
    expect(socket.commands('chat:sync')).toEqual([{ chatId: 'chat-1', afterSeq: 3 }]);
    expect(socket.commands('chat:join')).toEqual([{ chatId: 'chat-7' }]);

    socket.serverEmit('disconnect', 'transport close');
    await vi.advanceTimersByTimeAsync(999);
    expect(desk.store.getState().connection).toBe('online');
    await vi.advanceTimersByTimeAsync(1);
    expect(desk.store.getState().connection).toBe('offline');
  });

  it('a refused protocol shows offline at once', () => {
    const { desk, socket } = openDesk(new MemoryStorage());
    socket.serverEmit('connect_error', Object.assign(new Error('refused'), { data: { code: 'incompatible_protocol' } }));
    expect(desk.store.getState().connection).toBe('offline');
  });
});

describe('agent controller — the session cookie', () => {
  it('connects to /agent with the protocol only (no token) and with credentials', () => {
    const { socket } = openDesk(new MemoryStorage());
    expect(socket.uri).toBe('/agent');
    expect(socket.options).toMatchObject({ auth: { protocol: PROTOCOL_VERSION }, withCredentials: true });
    expect(socket.options.auth).toEqual({ protocol: PROTOCOL_VERSION });
  });

  it('a handshake refused as unauthorized ends the session: stopped, back to the login page', () => {
    const onUnauthorized = vi.fn();
    const { socket } = openDesk(new MemoryStorage(), onUnauthorized);
    socket.serverEmit('connect_error', Object.assign(new Error('refused'), { data: { code: 'unauthorized' } }));
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(socket.active).toBe(false);
  });

  it('a disconnect by the server (logout, logout everywhere) ends the session once; a transport drop does not', async () => {
    vi.useFakeTimers();
    const onUnauthorized = vi.fn();
    const { socket } = openDesk(new MemoryStorage(), onUnauthorized);
    socket.serverEmit('session:ready', ready([]));
    socket.serverEmit('disconnect', 'transport close');
    await vi.advanceTimersByTimeAsync(5000);
    expect(onUnauthorized).not.toHaveBeenCalled();
    socket.serverEmit('session:ready', ready([]));
    socket.serverEmit('disconnect', 'io server disconnect');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(socket.active).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('REST calls go out with the cookie and no Authorization header; a 401 ends the session', async () => {
    const onUnauthorized = vi.fn();
    const calls: RequestInit[] = [];
    const rest = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push(init ?? {});
      return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'x' } }), { status: 401, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const { socket } = openDesk(new MemoryStorage(), onUnauthorized, rest);
    socket.serverEmit('session:ready', ready([]));
    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalledTimes(1));
    expect(calls.length).toBeGreaterThan(0);
    for (const init of calls) {
      expect(init.credentials).toBe('same-origin');
      expect((init.headers as Record<string, string> | undefined)?.Authorization).toBeUndefined();
    }
  });
});
