// Typing notifications: `true` at most every `throttleMs` while the visitor types,
// `false` once after `idleMs` without input or when the message is sent.

/** Options of {@link createTypingNotifier}; the timer functions are injectable for tests. */
export interface TypingOptions {
  throttleMs?: number;
  idleMs?: number;
  now?: () => number;
}

/** What the composer calls: `input()` on every keystroke, `stop()` on send or when leaving. */
export interface TypingNotifier {
  input(): void;
  stop(): void;
}

/** Wraps `send(typing)` with throttling and an idle timeout. */
export function createTypingNotifier(send: (typing: boolean) => void, options: TypingOptions = {}): TypingNotifier {
  const { throttleMs = 2000, idleMs = 3000, now = Date.now } = options;
  let lastSentAt = -Infinity;
  let typing = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    clearTimeout(idleTimer);
    idleTimer = undefined;
    if (!typing) return;
    typing = false;
    lastSentAt = -Infinity;
    send(false);
  };

  return {
    input() {
      const at = now();
      if (!typing || at - lastSentAt >= throttleMs) {
        typing = true;
        lastSentAt = at;
        send(true);
      }
      clearTimeout(idleTimer);
      idleTimer = setTimeout(stop, idleMs);
    },
    stop,
  };
}
