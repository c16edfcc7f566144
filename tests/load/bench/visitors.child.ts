// A client process holding visitor sockets: idle ones (connected, no chat) and chatting ones
// that start chats, wait in the queue, exchange messages with typing indicators, and end their
// chat (or see the agent close it or convert it to a ticket), then start another.
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ChattersArgs, IdleArgs, Pace } from './commands';
import { serveParent } from './processes';
import { command, createPacer, createRecorder, sharedClientCommands, messageText, nextEvent, sentAtOf } from './recorder';
import { monoMs, randomInt, sleep, uniform } from './stats';

type Ending = 'end' | 'close' | 'convert';
interface Chat {
  id: string;
  k: number;
  sent: number;
  ending: Ending;
  startedAt: number;
  assigned: boolean;
  closed: boolean;
  pending: number;
  busy: boolean;
  finish: () => void;
}
interface Chatter {
  socket: Socket;
  name: string;
  email: (n: number) => string;
  chats: number;
  chat: Chat | null;
}
interface ChatView {
  id: string;
  status: string;
}
interface MessageView {
  chatId: string;
  text: string;
  author: { role: string };
}

const rec = createRecorder('visitor');
const sockets: Socket[] = [];
let stopping = false;

/** Opens a visitor socket and waits for its session:ready (bounded); null on failure. */
async function connect(url: string): Promise<Socket | null> {
  const socket = io(`${url}/visitor`, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
  const ready = await Promise.race([
    nextEvent(socket, 'session:ready', 30_000),
    new Promise<null>((resolve) => socket.once('connect_error', (e: Error & { data?: { code?: string } }) => {
      rec.error(`connect_error ${e.data?.code ?? e.message}`);
      resolve(null);
    })),
  ]);
  if (!ready) {
    if (socket.connected) rec.error('no session:ready');
    socket.close();
    return null;
  }
  // Every event the server pushes, by name: the fan-out behind each message.
  socket.onAny((event: string) => rec.count(`recv ${event}`));
  socket.on('disconnect', (reason) => {
    if (!stopping) rec.error(`disconnect ${reason}`);
  });
  sockets.push(socket);
  return socket;
}

/** Connects `count` sockets, `concurrency` at a time. */
async function connectMany(url: string, count: number, concurrency: number): Promise<Socket[]> {
  const out: Socket[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count && !stopping) {
      next += 1;
      const s = await connect(url);
      if (s) out.push(s);
    }
  }));
  return out;
}

function pickEnding(weights: ChattersArgs['endings']): Ending {
  const r = Math.random() * (weights.end + weights.close + weights.convert);
  return r < weights.end ? 'end' : r < weights.end + weights.close ? 'close' : 'convert';
}

function runChatters(args: ChattersArgs, chatters: Chatter[]): void {
  const pacer = createPacer(args.pace.ratePerSecond);
  const pace: Pace = args.pace;

  /** Sends the visitor's replies one at a time: read, typing on, type, send, typing off. */
  async function reply(c: Chatter, chat: Chat): Promise<void> {
    if (chat.busy) return;
    chat.busy = true;
    while (chat.pending > 0 && !chat.closed && !stopping) {
      chat.pending -= 1;
      await sleep(uniform(...pace.readMs));
      if (chat.closed || stopping) break;
      if (chat.sent >= chat.k) {
        // The agent answered our last message: we leave (the other endings are the agent's).
        if (chat.ending === 'end') {
          chat.closed = true;
          if (await command(rec, c.socket, 'chat:end', { chatId: chat.id })) rec.count('chats ended by visitor');
          chat.finish();
        }
        break;
      }
      void command(rec, c.socket, 'typing:set', { chatId: chat.id, typing: true }).then((ok) => ok && rec.count('typing sent'));
      await Promise.all([sleep(uniform(...pace.typeMs)), pacer.acquire()]);
      if (chat.closed || stopping) break;
      chat.sent += 1;
      const marker = chat.sent >= chat.k && chat.ending !== 'end' ? ` [last=${chat.ending}]` : '';
      const sentAt = monoMs();
      const text = messageText(sentAt, marker);
      const ok = await command(rec, c.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text });
      if (ok) rec.sendAcked(sentAt, monoMs() - sentAt);
      if (!chat.closed) void command(rec, c.socket, 'typing:set', { chatId: chat.id, typing: false }).then((r) => r && rec.count('typing sent'));
    }
    chat.busy = false;
  }

  function onEvents(c: Chatter): void {
    c.socket.on('message:created', ({ message }: { message: MessageView }) => {
      if (message.author.role !== 'agent') return;
      rec.received(sentAtOf(message.text));
      const chat = c.chat;
      if (!chat || chat.id !== message.chatId || chat.closed) return;
      chat.pending += 1;
      void reply(c, chat);
    });
    c.socket.on('typing:changed', () => rec.count('typing received'));
    const ended = (chatId: string, status: string) => {
      const chat = c.chat;
      if (!chat || chat.id !== chatId) return;
      if (status === 'active' && !chat.assigned) {
        chat.assigned = true;
        rec.queueWait(chat.startedAt, monoMs() - chat.startedAt);
      }
      if (status === 'ended' || status === 'converted') {
        // Counted by the agent process, which closed or converted it.
        chat.closed = true;
        chat.finish();
      }
    };
    c.socket.on('chat:updated', ({ chat }: { chat: ChatView }) => ended(chat.id, chat.status));
    c.socket.on('chat:converted', ({ chatId }: { chatId: string }) => ended(chatId, 'converted'));
  }

  async function life(c: Chatter, delayMs: number): Promise<void> {
    await sleep(delayMs);
    while (!stopping && c.socket.connected) {
      c.chats += 1;
      const startedAt = monoMs();
      const data = await command<{ chat: ChatView }>(rec, c.socket, 'chat:start', {
        name: c.name, email: c.email(c.chats), department: 'technical',
        subject: `Question ${c.chats} de ${c.name}`, message: messageText(startedAt),
      });
      if (!data) {
        await sleep(1000);
        continue;
      }
      rec.count('chats started', startedAt);
      let finish = () => {};
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const chat: Chat = {
        id: data.chat.id, k: randomInt(...args.messagesPerChat), sent: 0, ending: pickEnding(args.endings), startedAt,
        assigned: false, closed: false, pending: 0, busy: false, finish,
      };
      c.chat = chat;
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([finished.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), args.maxChatMs)))]);
      clearTimeout(timer);
      if (!inTime && !stopping) {
        rec.error(chat.assigned ? 'chat not finished in time' : 'chat never assigned');
        chat.closed = true;
        await command(rec, c.socket, 'chat:end', { chatId: chat.id });
      }
      c.chat = null;
      await sleep(uniform(500, 2000));
    }
  }

  chatters.forEach((c, i) => {
    onEvents(c);
    void life(c, (i / chatters.length) * args.rampMs);
  });
}

let expected = 0;
serveParent({
  ping: async () => ({}),
  async idle(args: IdleArgs) {
    expected += args.count;
    const t0 = monoMs();
    const got = await connectMany(args.url, args.count, args.concurrency);
    return { connected: got.length, ms: Math.round(monoMs() - t0) };
  },
  async chatters(args: ChattersArgs) {
    expected += args.count;
    const got = await connectMany(args.url, args.count, args.concurrency);
    const chatters = got.map((socket, i): Chatter => ({
      socket, name: `Visiteur ${args.prefix}-${i}`, email: (n) => `visiteur.${args.prefix}.${i}.${n}@example.com`, chats: 0, chat: null,
    }));
    runChatters(args, chatters);
    return { connected: got.length };
  },
  ...sharedClientCommands(rec, sockets, () => expected, () => (stopping = true)),
});
