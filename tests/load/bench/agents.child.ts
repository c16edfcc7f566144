// A client process holding agent sockets: each agent logs in over HTTP (our server; the relay
// takes any token), connects to /agent, goes online, and answers every chat assigned to it —
// a greeting, then one reply per visitor message, with typing indicators — and closes or
// converts the chat to a ticket when the visitor's last message asks for it.
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { AgentsArgs } from './commands';
import { serveParent } from './processes';
import { command, createPacer, createRecorder, sharedClientCommands, lastMarkerOf, messageText, nextEvent, sentAtOf } from './recorder';
import { monoMs, sleep, uniform } from './stats';

interface AgentChat {
  id: string;
  pending: number;
  busy: boolean;
  closed: boolean;
  then: 'close' | 'convert' | null;
}
interface MessageView {
  chatId: string;
  text: string;
  author: { role: string };
}

const rec = createRecorder('agent');
const sockets: Socket[] = [];
let stopping = false;
let expected = 0;

async function login(url: string, account: { login: string; password: string }): Promise<string | null> {
  try {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account), signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) {
      rec.error(`login ${res.status}`);
      return null;
    }
    return ((await res.json()) as { token: string }).token;
  } catch {
    rec.error('login failed');
    return null;
  }
}

function startAgent(socket: Socket, args: AgentsArgs, pacer: ReturnType<typeof createPacer>): void {
  const chats = new Map<string, AgentChat>();
  const { readMs, typeMs } = args.pace;

  async function reply(chat: AgentChat): Promise<void> {
    if (chat.busy) return;
    chat.busy = true;
    while (chat.pending > 0 && !chat.closed && !stopping) {
      chat.pending -= 1;
      await sleep(uniform(...readMs));
      if (chat.closed || stopping) break;
      void command(rec, socket, 'typing:set', { chatId: chat.id, typing: true }).then((ok) => ok && rec.count('typing sent'));
      await Promise.all([sleep(uniform(...typeMs)), pacer.acquire()]);
      if (chat.closed || stopping) break;
      const sentAt = monoMs();
      const ok = await command(rec, socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: messageText(sentAt) });
      if (ok) rec.sendAcked(sentAt, monoMs() - sentAt);
      if (!chat.closed) void command(rec, socket, 'typing:set', { chatId: chat.id, typing: false }).then((r) => r && rec.count('typing sent'));
      if (chat.then && !chat.closed) {
        chat.closed = true;
        const event = chat.then === 'close' ? 'chat:close' : 'chat:convert';
        if (await command(rec, socket, event, { chatId: chat.id })) rec.count(chat.then === 'close' ? 'chats closed by agent' : 'chats converted');
        chats.delete(chat.id);
      }
    }
    chat.busy = false;
  }

  socket.on('chat:assigned', ({ chat }: { chat: { id: string } }) => {
    rec.count('chats assigned');
    const state: AgentChat = { id: chat.id, pending: 1, busy: false, closed: false, then: null };
    chats.set(chat.id, state);
    void reply(state);
  });
  socket.on('message:created', ({ message }: { message: MessageView }) => {
    if (message.author.role !== 'visitor') return;
    rec.received(sentAtOf(message.text));
    const chat = chats.get(message.chatId);
    if (!chat || chat.closed) return;
    chat.then = lastMarkerOf(message.text);
    chat.pending += 1;
    void reply(chat);
  });
  socket.on('typing:changed', () => rec.count('typing received'));
  socket.on('chat:updated', ({ chat }: { chat: { id: string; status: string } }) => {
    if (chat.status !== 'ended' && chat.status !== 'converted') return;
    const state = chats.get(chat.id);
    if (state) state.closed = true;
    chats.delete(chat.id);
  });
}

async function connectAgent(args: AgentsArgs, account: AgentsArgs['accounts'][number], pacer: ReturnType<typeof createPacer>): Promise<boolean> {
  const token = args.login ? await login(args.url, account) : `relay-${account.login}`;
  if (!token) return false;
  const socket = io(`${args.url}/agent`, { auth: { protocol: 1, token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
  const ready = await nextEvent(socket, 'session:ready', 30_000);
  if (!ready) {
    rec.error('agent: no session:ready');
    socket.close();
    return false;
  }
  // Every event the server pushes, by name: the fan-out behind each message.
  socket.onAny((event: string) => rec.count(`recv ${event}`));
  socket.on('disconnect', (reason) => {
    if (!stopping) rec.error(`disconnect ${reason}`);
  });
  sockets.push(socket);
  startAgent(socket, args, pacer);
  return (await command(rec, socket, 'agent:status', { status: 'online' })) !== null;
}

serveParent({
  ping: async () => ({}),
  async agents(args: AgentsArgs) {
    expected += args.accounts.length;
    const pacer = createPacer(args.pace.ratePerSecond);
    let next = 0;
    let online = 0;
    await Promise.all(Array.from({ length: Math.min(args.concurrency, args.accounts.length) }, async () => {
      while (next < args.accounts.length && !stopping) {
        const account = args.accounts[next++]!;
        if (await connectAgent(args, account, pacer)) online += 1;
      }
    }));
    return { online, errors: rec.report(0, 0).errorsTotal };
  },
  ...sharedClientCommands(rec, sockets, () => expected, () => (stopping = true)),
});
