import type { DeskStore } from '../state/deskReducer';
import { t } from '../i18n';
import { type AgentChanges, type AgentSaveFailure, type NewAgent, agentSaveFailure, createAgent, deleteAgent, listAgents, updateAgent } from './agents';
import type { ApiClient, HttpErrorCode } from './http';

/** The outcome of "Créer l'agent" / "Enregistrer": the form shows the failure next to its fields. */
export type AgentSaveResult = { ok: true } | { ok: false; failure: AgentSaveFailure };

/** What the "Équipe" view may ask for (admins). */
export interface TeamActions {
  /** `GET /api/agents` into `team`. */
  loadAgents(): void;
  createAgent(agent: NewAgent): Promise<AgentSaveResult>;
  saveAgent(id: string, changes: AgentChanges): Promise<AgentSaveResult>;
  /** Resolves true once deleted. */
  deleteAgent(id: string): Promise<boolean>;
}

/** Options of {@link createTeamActions}. */
export interface TeamActionsOptions {
  client: ApiClient;
  store: DeskStore;
  /** Errors no form field explains (network, forbidden…). */
  onError(code: HttpErrorCode): void;
}

/** Team management over `/api/agents`, wired to the store. */
export function createTeamActions({ client, store, onError }: TeamActionsOptions): TeamActions {
  const { dispatch } = store;
  const failed = (failure: AgentSaveFailure): AgentSaveResult => {
    if (failure.code) onError(failure.code);
    return { ok: false, failure };
  };
  return {
    loadAgents() {
      void listAgents(client).then((res) => {
        if (res.ok) dispatch({ type: 'team:loaded', agents: res.data.agents });
        else onError(res.error.code);
      });
    },
    async createAgent(agent) {
      const res = await createAgent(client, agent);
      if (!res.ok) return failed(agentSaveFailure(res.error));
      dispatch({ type: 'team:agentSaved', agent: res.data.agent });
      dispatch({ type: 'notice', message: t('team.created', { login: res.data.agent.login }) });
      return { ok: true };
    },
    async saveAgent(id, changes) {
      const res = await updateAgent(client, id, changes);
      if (!res.ok) return failed(agentSaveFailure(res.error));
      dispatch({ type: 'team:agentSaved', agent: res.data.agent });
      dispatch({ type: 'notice', message: t('team.saved', { login: res.data.agent.login }) });
      return { ok: true };
    },
    async deleteAgent(id) {
      const res = await deleteAgent(client, id);
      if (!res.ok) {
        onError(res.error.code);
        return false;
      }
      const login = store.getState().team?.find((a) => a.id === id)?.login ?? id;
      dispatch({ type: 'team:agentDeleted', agentId: id });
      dispatch({ type: 'notice', message: t('team.deleted', { login }) });
      return true;
    },
  };
}
