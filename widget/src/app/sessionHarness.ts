import type { ChatView, Message } from '@besoin/shared';
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeIoState } from './fakeVisitorSocket';
import { readOutbox } from './outbox';
import { createSession, type Session } from './session';

// The real session controller over fake sockets (fakeVisitorSocket.ts; each test file mocks
// socket.io-client with it) answered by a tiny in-memory server (seq per chat, de-duplication by
// clientMessageId, chat:sync); "reloading the page" is creating a new controller over the same
// localStorage.

/** The visitor's active chat on the fake server. */
export const CHAT: ChatView = {
  id: 'chat-1',
  status: 'active',
  department: 'technical',
  subject: 'Site en panne',
  visitor: { name: 'Alice', email: 'alice@example.com' },
  lastSeq: 1,
  createdAt: '2026-03-09T09:00:00.000Z',
};

/** The in-memory server: seq 1 is the chat's first message; `mode` decides what message:send does. */
export function fakeServer() {
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
  fakeIoState.responder = (event, payload) => {
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

/** Lets the pending promises and zero-delay timers run. */
export const settle = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};
/** The messages in the persisted outbox. */
export const stored = () => readOutbox();
/** The texts of the acknowledged messages a session shows. */
export const texts = (session: Session) => session.getState().messages.map((m) => m.text);

let sessions: Session[] = [];
/** A page load: a new controller (over the same localStorage) and its socket. */
export function load() {
  const session = createSession({ server: 'https://support.example', locale: () => 'fr' });
  sessions.push(session);
  const socket = fakeIoState.sockets[fakeIoState.sockets.length - 1];
  if (!socket) throw new Error('no socket');
  return { session, socket };
}

/** Registers the hooks of a session test file: fresh sockets, every session closed, storage and timers restored. */
export function useSessionHarness(): void {
  beforeEach(() => {
    fakeIoState.sockets = [];
    vi.spyOn(console, 'warn').mockImplementation(() => undefined); // dev-only debug output
  });
  afterEach(() => {
    sessions.forEach((s) => s.close());
    sessions = [];
    vi.restoreAllMocks();
    vi.useRealTimers();
    localStorage.clear();
  });
}
