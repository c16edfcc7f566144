import type { DeskStore } from '../state/deskReducer';
import type { PendingMessage } from '../state/deskState';
import { type AgentSocket, type CommandErrorCode, sendCommand } from './commands';

/** The agent's unacknowledged messages, resent with the same clientMessageId until acked. */
export interface Outbox {
  /** Sends one outbox item (no-op while not ready; {@link Outbox.flush} resends). */
  send(pending: PendingMessage): void;
  /** Resends every pending, not failed item (after session:ready). */
  flush(): void;
}

/** Options of {@link createOutbox}. */
export interface OutboxOptions {
  socket: AgentSocket;
  store: DeskStore;
  isReady(): boolean;
  /** Runs `fn` after `ms` unless the controller stopped. */
  later(fn: () => void, ms: number): void;
  onError(code: CommandErrorCode): void;
  retryDelayMs: number;
}

/** Creates the outbox of the desk; state lives in the store, attempts here. */
export function createOutbox({ socket, store, isReady, later, onError, retryDelayMs }: OutboxOptions): Outbox {
  const { dispatch } = store;
  const attempts = new Map<string, number>();

  function isPending(chatId: string, id: string): boolean {
    return store.getState().chats[chatId]?.pending.some((p) => p.clientMessageId === id && !p.failed) ?? false;
  }

  function send(pending: PendingMessage): void {
    if (!isReady()) return; // flushed again on the next session:ready
    const id = pending.clientMessageId;
    const attempt = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, attempt);
    const { chatId, text, internal } = pending;
    const payload = { chatId, clientMessageId: id, text, ...(internal ? { internal: true } : {}) };
    void sendCommand(socket, 'message:send', payload).then((res) => {
      if (!isPending(chatId, id)) return;
      if (res.ok) {
        attempts.delete(id);
        dispatch({ type: 'outbox:acked', clientMessageId: id, message: res.data.message });
        return;
      }
      if (attempts.get(id) !== attempt) return; // a newer attempt is in flight
      const { code, details } = res.error;
      if (code === 'timeout' || code === 'internal') later(() => send(pending), retryDelayMs);
      else if (code === 'rate_limited') {
        const wait = typeof details?.retryAfterMs === 'number' ? details.retryAfterMs : retryDelayMs;
        later(() => send(pending), Math.max(wait, 100));
      } else {
        attempts.delete(id);
        dispatch({ type: 'outbox:failed', chatId, clientMessageId: id });
        onError(code);
      }
    });
  }

  return {
    send,
    flush() {
      const state = store.getState();
      for (const chatId of state.order) for (const p of state.chats[chatId]?.pending ?? []) if (!p.failed) send(p);
    },
  };
}
