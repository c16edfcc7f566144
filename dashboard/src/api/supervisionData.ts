import type { DeskAction } from '../state/deskReducer';
import { fetchTeam } from './desk';
import type { ApiClient, HttpErrorCode, HttpOutcome } from './http';
import { fetchActiveChats, fetchEmergencies, fetchSlaTickets, markEmergencyAbuse } from './supervision';

/** Loads what the "Supervision" view shows (REST) into the store. */
export interface SupervisionData {
  /**
   * Reloads the team, the active chats, the SLA lists and the emergencies (calls within the debounce
   * window are coalesced). With `report`, a failure is shown; background refreshes stay quiet.
   */
  refresh(report?: boolean): void;
  /** "Marquer comme abus"; resolves true when stored. */
  markAbuse(emergencyId: string): Promise<boolean>;
  stop(): void;
}

/** Options of {@link createSupervisionData}. */
export interface SupervisionDataOptions {
  client: ApiClient;
  dispatch(action: DeskAction): void;
  onError(code: HttpErrorCode): void;
  debounceMs?: number;
}

/** Supervision loading: five GETs in parallel; each list that arrives is applied, the newest refresh wins. */
export function createSupervisionData({ client, dispatch, onError, debounceMs = 300 }: SupervisionDataOptions): SupervisionData {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let generation = 0;
  let reportNext = false;

  async function load(report: boolean): Promise<void> {
    const mine = ++generation;
    const [team, chats, breached, atRisk, emergencies] = await Promise.all([
      fetchTeam(client),
      fetchActiveChats(client),
      fetchSlaTickets(client, 'breached'),
      fetchSlaTickets(client, 'at_risk'),
      fetchEmergencies(client),
    ]);
    if (stopped || mine !== generation) return;
    if (team.ok) dispatch({ type: 'team:loaded', agents: team.data.agents });
    dispatch({
      type: 'supervision:loaded',
      ...(chats.ok ? { activeChats: chats.data.chats } : {}),
      ...(breached.ok ? { breached: breached.data.tickets } : {}),
      ...(atRisk.ok ? { atRisk: atRisk.data.tickets } : {}),
      ...(emergencies.ok ? { emergencies: emergencies.data.emergencies } : {}),
    });
    const failure = ([team, chats, breached, atRisk, emergencies] as HttpOutcome<unknown>[]).find((r) => !r.ok);
    if (failure && !failure.ok && (report || failure.error.code === 'unauthorized')) onError(failure.error.code);
  }

  return {
    refresh(report = false) {
      if (stopped) return;
      reportNext ||= report;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        const shouldReport = reportNext;
        reportNext = false;
        void load(shouldReport);
      }, debounceMs);
    },
    async markAbuse(emergencyId) {
      const res = await markEmergencyAbuse(client, emergencyId);
      if (stopped) return false;
      if (!res.ok) {
        onError(res.error.code);
        return false;
      }
      dispatch({ type: 'emergency:updated', emergency: res.data.emergency });
      return true;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
