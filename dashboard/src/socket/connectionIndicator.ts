import type { ConnectionState } from '../state/deskState';

/** Decides when the header says "Connexion perdue — reconnexion…". */
export interface ConnectionIndicator {
  /** The connection dropped or a reconnection attempt failed: shown offline unless back within the grace period. */
  lost(): void;
  /** A failure that will not fix itself soon (refused protocol…): shown at once. */
  failed(): void;
  /** session:ready arrived: a pending "offline" is cancelled (the reducer shows online). */
  restored(): void;
  stop(): void;
}

/** Options of {@link createConnectionIndicator}. */
export interface ConnectionIndicatorOptions {
  setConnection(state: ConnectionState): void;
  /** Drops shorter than this do not show (default 1 s). */
  graceMs?: number;
}

/** Default grace period before a drop is shown. */
export const CONNECTION_GRACE_MS = 1000;

/**
 * De-bounces the offline state: a network blip or a server restart that reconnects within a
 * second should not flash a warning at the agent, whose outbox keeps every message anyway.
 */
export function createConnectionIndicator({ setConnection, graceMs = CONNECTION_GRACE_MS }: ConnectionIndicatorOptions): ConnectionIndicator {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };

  return {
    lost() {
      if (stopped || timer !== undefined) return; // the first drop starts the clock; retries do not reset it
      timer = setTimeout(() => {
        timer = undefined;
        if (!stopped) setConnection('offline');
      }, graceMs);
    },
    failed() {
      if (stopped) return;
      cancel();
      setConnection('offline');
    },
    restored: cancel,
    stop() {
      stopped = true;
      cancel();
    },
  };
}
