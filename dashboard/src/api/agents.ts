import { AgentView, type Department, type Role } from '@besoin/shared';
import { type ApiClient, type HttpError, type HttpOutcome, NO_CONTENT, apiRequest } from './http';
import { listOf, oneOf } from './parsers';

/** The fields of "Créer l'agent" (`POST /api/agents`). */
export interface NewAgent {
  login: string;
  name: string;
  password: string;
  role: Role;
  departments: Department[];
  maxChats: number;
}

/** The fields of "Enregistrer" (`PATCH /api/agents/:id`); absent means unchanged. */
export type AgentChanges = Partial<Omit<NewAgent, 'login'>>;

/** A field of the agent form. */
export type AgentField = keyof NewAgent;

const AgentResult = oneOf('agent', AgentView);
const path = (id: string) => `/api/agents/${encodeURIComponent(id)}`;

/** `GET /api/agents` (admins and supervisors). */
export function listAgents(client: ApiClient): Promise<HttpOutcome<{ agents: AgentView[] }>> {
  return apiRequest(client, 'GET', '/api/agents', listOf('agents', AgentView));
}

/** `POST /api/agents` → 201 `{ agent }`; 409 when the login is taken. */
export function createAgent(client: ApiClient, agent: NewAgent): Promise<HttpOutcome<{ agent: AgentView }>> {
  return apiRequest(client, 'POST', '/api/agents', AgentResult, agent);
}

/** `PATCH /api/agents/:id`. */
export function updateAgent(client: ApiClient, id: string, changes: AgentChanges): Promise<HttpOutcome<{ agent: AgentView }>> {
  return apiRequest(client, 'PATCH', path(id), AgentResult, changes);
}

/** `DELETE /api/agents/:id` → 204. */
export function deleteAgent(client: ApiClient, id: string): Promise<HttpOutcome<undefined>> {
  return apiRequest(client, 'DELETE', path(id), NO_CONTENT);
}

const FIELDS: ReadonlySet<string> = new Set<AgentField>(['login', 'name', 'password', 'role', 'departments', 'maxChats']);

/** Why a save failed, as the form shows it: per-field problems and/or a general message code. */
export interface AgentSaveFailure {
  /** Fields the server refused (400 `error.issues`, or `login` for a 409). */
  fields: Partial<Record<AgentField, 'invalid' | 'taken'>>;
  /** The error code when no field explains it. */
  code: HttpError['code'] | null;
}

/** Maps a failed `POST`/`PATCH /api/agents` to what the form shows. */
export function agentSaveFailure(error: HttpError): AgentSaveFailure {
  if (error.status === 409 || error.code === 'conflict') return { fields: { login: 'taken' }, code: null };
  const fields: AgentSaveFailure['fields'] = {};
  for (const issue of error.issues ?? []) {
    const field = issue.path[0];
    if (typeof field === 'string' && FIELDS.has(field)) fields[field as AgentField] = 'invalid';
  }
  return { fields, code: Object.keys(fields).length > 0 ? null : error.code };
}
