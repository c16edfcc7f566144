type Listener = (...args: unknown[]) => void;
/** How the fake server answers a command; a never-settling promise stands for a lost ack. */
export type FakeAnswer = (event: string, payload: Record<string, unknown>) => unknown;

/** A stand-in for socket.io-client's Socket on `/agent`: records commands, plays server events. */
export class FakeAgentSocket {
  readonly sent: [string, Record<string, unknown>][] = [];
  active = true;
  /** What `io()` was called with (namespace and options). */
  uri = '';
  options: Record<string, unknown> = {};
  answer: FakeAnswer = () => new Promise(() => undefined);
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }
  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
  connect(): this {
    return this;
  }
  disconnect(): this {
    this.active = false;
    return this;
  }
  timeout() {
    return {
      emitWithAck: async (event: string, payload: Record<string, unknown>) => {
        this.sent.push([event, payload]);
        return this.answer(event, payload);
      },
    };
  }
  /** The server emits `event` to this socket. */
  serverEmit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
  /** The commands sent so far named `event`. */
  commands(event: string): Record<string, unknown>[] {
    return this.sent.filter(([e]) => e === event).map(([, p]) => p);
  }
}

/** Every socket created by {@link fakeIo}, newest last. */
export const fakeSockets: FakeAgentSocket[] = [];

/** Replaces `io` of socket.io-client (via `vi.mock`). */
export function fakeIo(uri = '', options: Record<string, unknown> = {}): FakeAgentSocket {
  const socket = new FakeAgentSocket();
  socket.uri = uri;
  socket.options = options;
  fakeSockets.push(socket);
  return socket;
}
