/** Sends `typing: true` at most every 2 s while the agent types, and `false` after 3 s idle. */
export const TYPING_THROTTLE_MS = 2000;
export const TYPING_IDLE_MS = 3000;

/** Throttles the agent's typing signal; `emit` does the sending. */
export interface TypingNotifier {
  /** A keystroke in the composer of `chatId`. */
  activity(chatId: string): void;
  /** Typing stopped in `chatId` (message sent, chat left). */
  stop(chatId: string): void;
  /** Forgets everything without emitting (disconnect, logout). */
  reset(): void;
}

/** Creates a notifier; `now` is injectable so that tests control the clock. */
export function createTypingNotifier(emit: (chatId: string, typing: boolean) => void, now: () => number = Date.now): TypingNotifier {
  let chatId: string | null = null;
  let lastSentAt = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const clearIdle = () => {
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    idleTimer = undefined;
  };

  const stop = (id: string) => {
    if (chatId !== id) return;
    clearIdle();
    chatId = null;
    lastSentAt = 0;
    emit(id, false);
  };

  return {
    activity(id) {
      if (chatId !== null && chatId !== id) stop(chatId);
      if (chatId !== id || now() - lastSentAt >= TYPING_THROTTLE_MS) {
        chatId = id;
        lastSentAt = now();
        emit(id, true);
      }
      clearIdle();
      idleTimer = setTimeout(() => stop(id), TYPING_IDLE_MS);
    },
    stop,
    reset() {
      clearIdle();
      chatId = null;
      lastSentAt = 0;
    },
  };
}
