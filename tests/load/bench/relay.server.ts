import type { Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import type { App } from '@besoin/server';

// The bare Socket.IO relay the benchmark compares us with: the same socket.io version and
// server options as ours, the same event names and Ack shapes, and no application logic — no
// validation, no storage, no rooms. It pairs a visitor's chat with an agent socket that has a
// free slot (FIFO queue otherwise) and forwards messages and typing between the two.

// socket.io is a dependency of the server package, not of tests: load that very copy.
const requireFromServer = createRequire(new URL('../../../server/package.json', import.meta.url));
type IoServer = App['io'];
const { Server } = requireFromServer('socket.io') as { Server: new (http: HttpServer, options: object) => IoServer };

type Ack = (response: unknown) => void;
interface Peer {
  id: string;
  emit(event: string, payload: unknown): unknown;
  on(event: string, listener: (payload: unknown, ack: unknown) => void): unknown;
}
interface Agent {
  socket: Peer;
  load: number;
  online: boolean;
}
interface Chat {
  id: string;
  visitor: Peer;
  agent: Agent | null;
  seq: number;
  status: 'queued' | 'active' | 'ended' | 'converted';
  subject: string;
  name: string;
  email: string;
  first: unknown;
  createdAt: string;
}

const notFound = { ok: false, error: { code: 'not_found', message: 'Chat not found.' } };
const ok = (data: unknown) => ({ ok: true, data });
const field = (payload: unknown, key: string): string => String((payload as Record<string, unknown> | null)?.[key] ?? '');

/** Attaches the relay to an HTTP server; `maxChats` slots per agent socket. */
export function createRelay(http: HttpServer, options: { maxChats: number }) {
  const io = new Server(http, { maxHttpBufferSize: 64 * 1024, cors: { origin: true, credentials: false }, serveClient: false });
  const agents = new Map<string, Agent>();
  const chats = new Map<string, Chat>();
  const queue: Chat[] = [];
  let counter = 0;

  const view = (chat: Chat) => ({
    id: chat.id, status: chat.status, department: 'technical', subject: chat.subject,
    visitor: { name: chat.name, email: chat.email }, lastSeq: chat.seq, createdAt: chat.createdAt,
    ...(chat.agent ? { agent: { id: chat.agent.socket.id, displayName: 'Agent' } } : {}),
  });
  const message = (chat: Chat, role: 'visitor' | 'agent', text: string, clientMessageId?: string) => {
    chat.seq += 1;
    return {
      id: `${chat.id}-${chat.seq}`, chatId: chat.id, seq: chat.seq, author: { role, name: role }, text,
      createdAt: new Date().toISOString(), ...(clientMessageId ? { clientMessageId } : {}),
    };
  };

  /** Pairs queued chats with the least-loaded online agent socket that has room. */
  function drain(): void {
    while (queue.length > 0) {
      let best: Agent | null = null;
      for (const a of agents.values()) if (a.online && a.load < options.maxChats && (!best || a.load < best.load)) best = a;
      if (!best) return;
      const chat = queue.shift()!;
      chat.agent = best;
      chat.status = 'active';
      best.load += 1;
      best.socket.emit('chat:assigned', { chat: view(chat), messages: [chat.first] });
      chat.visitor.emit('chat:updated', { chat: view(chat) });
    }
  }

  // An ended chat stays known for a minute, so that late typing events are answered like ours does.
  function finish(chat: Chat, status: 'ended' | 'converted'): void {
    if (chat.status === 'ended' || chat.status === 'converted') return;
    chat.status = status;
    setTimeout(() => chats.delete(chat.id), 60_000).unref();
    const queued = queue.indexOf(chat);
    if (queued >= 0) queue.splice(queued, 1);
    if (chat.agent) chat.agent.load -= 1;
    drain();
  }
  const isOpen = (chat: Chat) => chat.status === 'queued' || chat.status === 'active';
  const closed = (chat: Chat) => ({ ok: false, error: { code: 'conflict', message: 'This chat has ended.', details: { chatId: chat.id } } });

  /** Registers `handler(payload, ack)` for events sent with an ack callback (others are dropped, like ours). */
  function command(socket: Peer, event: string, handler: (payload: unknown, ack: Ack) => void): void {
    socket.on(event, (payload, ack) => {
      if (typeof ack === 'function') handler(payload, ack as Ack);
    });
  }

  io.of('/visitor').on('connection', (socket: Peer) => {
    const own = new Set<Chat>();
    const chatOf = (payload: unknown) => {
      const chat = chats.get(field(payload, 'chatId'));
      return chat && chat.visitor === socket ? chat : null;
    };
    socket.emit('session:ready', { visitorToken: socket.id, activeChat: null });
    command(socket, 'chat:start', (p, ack) => {
      const chat: Chat = {
        id: `c${++counter}`, visitor: socket, agent: null, seq: 0, status: 'queued', subject: field(p, 'subject'),
        name: field(p, 'name'), email: field(p, 'email'), first: null, createdAt: new Date().toISOString(),
      };
      chat.first = message(chat, 'visitor', field(p, 'message'));
      chats.set(chat.id, chat);
      own.add(chat);
      queue.push(chat);
      ack(ok({ chat: view(chat) }));
      drain();
    });
    command(socket, 'message:send', (p, ack) => {
      const chat = chatOf(p);
      if (!chat) return ack(notFound);
      if (!isOpen(chat)) return ack(closed(chat));
      const m = message(chat, 'visitor', field(p, 'text'), field(p, 'clientMessageId'));
      ack(ok({ message: m }));
      chat.agent?.socket.emit('message:created', { message: m });
    });
    command(socket, 'typing:set', (p, ack) => {
      const chat = chatOf(p);
      if (!chat) return ack(notFound);
      ack(ok({}));
      if (isOpen(chat)) chat.agent?.socket.emit('typing:changed', { chatId: chat.id, typing: (p as { typing?: unknown }).typing === true, role: 'visitor' });
    });
    command(socket, 'chat:end', (p, ack) => {
      const chat = chatOf(p);
      if (!chat) return ack(notFound);
      own.delete(chat);
      const open = isOpen(chat);
      finish(chat, 'ended');
      ack(ok({ chat: view(chat) }));
      if (open) chat.agent?.socket.emit('chat:updated', { chat: view(chat) });
    });
    socket.on('disconnect', () => {
      for (const chat of own) {
        if (!isOpen(chat)) continue;
        finish(chat, 'ended');
        chat.agent?.socket.emit('chat:updated', { chat: view(chat) });
      }
    });
  });

  io.of('/agent').on('connection', (socket: Peer) => {
    const agent: Agent = { socket, load: 0, online: false };
    agents.set(socket.id, agent);
    const agentView = () => ({
      id: socket.id, login: socket.id, name: 'Agent', role: 'agent', status: agent.online ? 'online' : 'away',
      departments: ['technical'], maxChats: options.maxChats, activeChats: agent.load,
    });
    const chatOf = (payload: unknown) => {
      const chat = chats.get(field(payload, 'chatId'));
      return chat && chat.agent === agent ? chat : null;
    };
    socket.emit('session:ready', { agent: agentView(), chats: [], queues: [] });
    command(socket, 'agent:status', (p, ack) => {
      agent.online = field(p, 'status') === 'online';
      ack(ok({ agent: agentView() }));
      drain();
    });
    command(socket, 'message:send', (p, ack) => {
      const chat = chatOf(p);
      if (!chat) return ack(notFound);
      if (!isOpen(chat)) return ack(closed(chat));
      const m = message(chat, 'agent', field(p, 'text'), field(p, 'clientMessageId'));
      ack(ok({ message: m }));
      chat.visitor.emit('message:created', { message: m });
    });
    command(socket, 'typing:set', (p, ack) => {
      const chat = chatOf(p);
      if (!chat) return ack(notFound);
      ack(ok({}));
      if (isOpen(chat)) chat.visitor.emit('typing:changed', { chatId: chat.id, typing: (p as { typing?: unknown }).typing === true, role: 'agent' });
    });
    command(socket, 'chat:close', (p, ack) => {
      const chat = chatOf(p);
      if (!chat) return ack(notFound);
      const open = isOpen(chat);
      finish(chat, 'ended');
      ack(ok({ chat: view(chat) }));
      if (open) chat.visitor.emit('chat:updated', { chat: view(chat) });
    });
    command(socket, 'chat:convert', (p, ack) => {
      const chat = chatOf(p);
      if (!chat) return ack(notFound);
      const open = isOpen(chat);
      finish(chat, 'converted');
      const ticket = {
        ref: `TCK-RELAY-${chat.id}`, subject: chat.subject, department: 'technical', category: 'technical', priority: 'normal',
        urgent: false, status: 'open', requester: { name: chat.name, email: chat.email }, source: 'chat', chatIds: [chat.id],
        firstResponseDueAt: chat.createdAt, escalationLevel: 0, createdAt: chat.createdAt,
      };
      ack(ok({ ticket, merged: false }));
      if (!open) return;
      chat.visitor.emit('chat:converted', { chatId: chat.id, ticket });
      chat.visitor.emit('chat:updated', { chat: view(chat) });
    });
    socket.on('disconnect', () => {
      agents.delete(socket.id);
      for (const chat of [...chats.values()]) {
        if (chat.agent !== agent || !isOpen(chat)) continue;
        finish(chat, 'ended');
        chat.visitor.emit('chat:updated', { chat: view(chat) });
      }
    });
  });

  return {
    /** Disconnects every socket and closes the HTTP server. */
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
