import type { AgentView } from '@besoin/shared';
import type { DeskAction } from '../state/deskReducer';
import { fetchQueues, fetchTeam } from './desk';
import type { ApiClient, HttpErrorCode } from './http';

/** Loads the queue details and the team over REST into the store. */
export interface DeskData {
  /** Refetches `/api/queues`, coalescing calls made within the debounce window. */
  refreshQueues(): void;
  /** Fetches `/api/team`; resolves with the agents, or null on failure (already reported). */
  loadTeam(): Promise<AgentView[] | null>;
  stop(): void;
}

/** Options of {@link createDeskData}. */
export interface DeskDataOptions {
  client: ApiClient;
  dispatch(action: DeskAction): void;
  onError(code: HttpErrorCode): void;
  debounceMs?: number;
  now?: () => number;
}

/** Queue and team loading for the desk (REST, debounced queue refresh). */
export function createDeskData({ client, dispatch, onError, debounceMs = 300, now = Date.now }: DeskDataOptions): DeskData {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  // Only the newest answer is applied, so that a slow older one cannot overwrite it.
  let generation = 0;

  async function loadQueues(): Promise<void> {
    const mine = ++generation;
    const res = await fetchQueues(client);
    if (stopped || mine !== generation) return;
    if (res.ok) dispatch({ type: 'queues:loaded', queues: res.data.queues, at: now() });
    else if (res.error.code === 'unauthorized') onError('unauthorized');
    // Other failures keep the last known queues; the next queue:updated retries.
  }

  return {
    refreshQueues() {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        void loadQueues();
      }, debounceMs);
    },
    async loadTeam() {
      const res = await fetchTeam(client);
      if (stopped) return null;
      if (res.ok) {
        dispatch({ type: 'team:loaded', agents: res.data.agents });
        return res.data.agents;
      }
      onError(res.error.code);
      return null;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
