// A stand-in for socket.io-client in the session tests: `vi.mock('socket.io-client', () =>
// import('./fakeVisitorSocket'))`. Each `io()` returns a fake `/visitor` socket whose commands are
// answered by `fakeIoState.responder`.

type Handler = (payload?: unknown) => void;
/** What the fake server answers: an ack, or `undefined` for none (the request stays unanswered). */
export type Responder = (event: string, payload: Record<string, unknown>) => unknown;

/** A fake `/visitor` socket: records commands, plays server events. */
export class FakeSocket {
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

/** The sockets created so far (newest last) and how the fake server answers their commands. */
export const fakeIoState = { sockets: [] as FakeSocket[], responder: (() => undefined) as Responder };

/** Replaces `io` of socket.io-client. */
export function io(): FakeSocket {
  const socket = new FakeSocket(() => fakeIoState.responder);
  fakeIoState.sockets.push(socket);
  return socket;
}
