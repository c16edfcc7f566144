import { errors } from '@besoin/shared';
import type { ExtendedError, Socket } from 'socket.io';

// Load shedding. A saturated Node server does not slow down evenly: libuv's poll phase keeps
// handling ready sockets while the kernel reports full batches, and timers — Engine.IO's
// heartbeats among them — may not run for seconds, so every client then drops with "ping
// timeout" and comes back at once (BENCHMARKS.md, "Collapse"). The guard notices a turn of the
// event loop that has lasted too long (no timer has run for `lagMs`) and, for `holdMs` after,
// refuses the work that can wait: new chats and new visitor connections (`rate_limited` with
// a delay, which the widget honours) and typing indicators (ephemeral; clients ignore the
// answer). Messages, syncs and everything an agent does are never shed.

/** Commands refused while overloaded. */
const SHED_COMMANDS = new Set(['chat:start', 'typing:set']);

export interface OverloadOptions {
  /** A timer late by more than this means the loop is saturated (ms). */
  lagMs?: number;
  /** How long shedding lasts after the last late timer (ms). */
  holdMs?: number;
  /** Told each time a command or a connection is shed. */
  onShed?: (what: string) => void;
}

/** Watches the event loop; `overloaded()` is cheap enough to call on every command. */
export function createOverloadGuard(options: OverloadOptions = {}) {
  const lagMs = options.lagMs ?? 250;
  const holdMs = options.holdMs ?? 2000;
  const TICK_MS = 20;
  let lastTick = performance.now();
  let sheddingUntil = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - lastTick > lagMs + TICK_MS) sheddingUntil = now + holdMs;
    lastTick = now;
  }, TICK_MS);
  timer.unref();

  function overloaded(): boolean {
    const now = performance.now();
    // Also seen from inside a long turn, before any timer could run again.
    if (now - lastTick > lagMs + TICK_MS) sheddingUntil = now + holdMs;
    return now < sheddingUntil;
  }
  const retryAfterMs = () => holdMs + Math.round(Math.random() * holdMs);

  return {
    overloaded,
    /** Throws `rate_limited` for a command that is shed now. */
    check(event: string): void {
      if (!SHED_COMMANDS.has(event) || !overloaded()) return;
      options.onShed?.(event);
      throw errors.rateLimited(retryAfterMs());
    },
    /** A handshake middleware that refuses new connections while overloaded. */
    connections<S extends Socket>() {
      return (_socket: S, next: (err?: ExtendedError) => void) => {
        if (!overloaded()) return next();
        options.onShed?.('connection');
        const error = new Error('The server is busy.') as ExtendedError;
        error.data = { code: 'rate_limited', details: { retryAfterMs: retryAfterMs() } };
        next(error);
      };
    },
    stop: () => clearInterval(timer),
  };
}

export type OverloadGuard = ReturnType<typeof createOverloadGuard>;
