import type { OutboxStorage, StoredOutboxItem } from '../session/outboxStorage';
import type { DeskStore } from '../state/deskReducer';
import type { PendingMessage } from '../state/deskState';
import { type AgentSocket, type CommandErrorCode, sendCommand } from './commands';

/**
 * The agent's unacknowledged messages, resent with the same clientMessageId until acked.
 * Each item is also written to storage before its first emit, so that a reload (or another tab
 * of the same agent) can resend it; the server de-duplicates on (chatId, clientMessageId).
 */
export interface Outbox {
  /** Persists a new item, shows it as "envoi…" and sends it. */
  enqueue(pending: PendingMessage): void;
  /** Sends one outbox item (no-op while not ready; {@link Outbox.flush} resends). */
  send(pending: PendingMessage): void;
  /** Resends every pending, not failed item (after session:ready). */
  flush(): void;
  /** Shows and resends the stored items of a chat that was just synced (after a reload). */
  restore(chatId: string): void;
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
  /** The persisted outbox of the logged-in agent; null before session:ready (memory only). */
  persistence?(): OutboxStorage | null;
}

// Worth another try with the same clientMessageId; any other error is final.
const RETRIED: ReadonlySet<CommandErrorCode> = new Set(['timeout', 'internal', 'rate_limited']);

function toStored({ clientMessageId, chatId, text, internal, createdAt }: PendingMessage): StoredOutboxItem {
  return { clientMessageId, chatId, text, internal: internal === true, createdAt };
}

function toPending({ clientMessageId, chatId, text, internal, createdAt }: StoredOutboxItem): PendingMessage {
  return { clientMessageId, chatId, text, createdAt, ...(internal ? { internal: true } : {}) };
}

/** Creates the outbox of the desk; state lives in the store (and storage), attempts here. */
export function createOutbox(options: OutboxOptions): Outbox {
  const { socket, store, isReady, later, onError, retryDelayMs } = options;
  const persistence = options.persistence ?? (() => null);
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
      if (res.ok) {
        attempts.delete(id);
        persistence()?.remove(id);
        if (isPending(chatId, id)) dispatch({ type: 'outbox:acked', clientMessageId: id, message: res.data.message });
        return;
      }
      if (!isPending(chatId, id)) {
        // Delivered meanwhile (a sync or another tab's broadcast carried it), or its chat left
        // this desk: nothing more to send from here.
        attempts.delete(id);
        persistence()?.remove(id);
        return;
      }
      if (attempts.get(id) !== attempt) return; // a newer attempt is in flight
      const { code, details } = res.error;
      if (code === 'rate_limited') {
        const wait = typeof details?.retryAfterMs === 'number' ? details.retryAfterMs : retryDelayMs;
        later(() => send(pending), Math.max(wait, 100));
      } else if (RETRIED.has(code)) {
        later(() => send(pending), retryDelayMs);
      } else {
        attempts.delete(id);
        persistence()?.remove(id);
        dispatch({ type: 'outbox:failed', chatId, clientMessageId: id });
        onError(code);
      }
    });
  }

  return {
    send,
    enqueue(pending) {
      // Stored before the first emit: a reload right after "Envoyer" still resends it.
      persistence()?.save(toStored(pending));
      dispatch({ type: 'outbox:added', pending });
      send(pending);
    },
    flush() {
      const state = store.getState();
      for (const chatId of state.order) for (const p of state.chats[chatId]?.pending ?? []) if (!p.failed) send(p);
    },
    restore(chatId) {
      const storage = persistence();
      if (!storage) return;
      for (const item of storage.load()) {
        if (item.chatId !== chatId) continue;
        const entry = store.getState().chats[chatId];
        if (!entry) return;
        const id = item.clientMessageId;
        if (entry.messages.some((m) => m.clientMessageId === id)) {
          storage.remove(id); // the sync shows it was stored before the reload
          continue;
        }
        if (entry.pending.some((p) => p.clientMessageId === id)) continue; // already shown (and sent) here
        const pending = toPending(item);
        dispatch({ type: 'outbox:added', pending });
        send(pending);
      }
    },
  };
}
