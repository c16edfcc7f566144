import { type AgentView, type Department, type Role, DEPARTMENTS } from '@besoin/shared';
import type { AgentChanges, AgentField, NewAgent } from '../../api/agents';

/** What the agent form holds while it is edited. */
export interface AgentFormValues {
  login: string;
  name: string;
  password: string;
  role: Role;
  departments: Department[];
  /** As typed. */
  maxChats: string;
}

/** Problems per field: `invalid` (client or server check) or `taken` (login, 409). */
export type AgentFormErrors = Partial<Record<AgentField, 'invalid' | 'taken'>>;

/** The same rules as the server's `/api/agents` (so that most mistakes never leave the page). */
const LOGIN = /^[a-zA-Z0-9._@-]{2,64}$/;
/** Minimum password length of agent accounts. */
export const MIN_PASSWORD_LENGTH = 8;

/** Empty form, or the agent's current values (password blank: unchanged). */
export function initialValues(agent: AgentView | null, defaultMaxChats = 3): AgentFormValues {
  return {
    login: agent?.login ?? '',
    name: agent?.name ?? '',
    password: '',
    role: agent?.role ?? 'agent',
    departments: agent ? [...agent.departments] : [],
    maxChats: String(agent?.maxChats ?? defaultMaxChats),
  };
}

function maxChatsOf(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= 100 ? n : null;
}

/** Checks the form; `creating` requires a login and a password. */
export function validateAgentForm(values: AgentFormValues, creating: boolean): AgentFormErrors {
  const errors: AgentFormErrors = {};
  if (creating && !LOGIN.test(values.login.trim())) errors.login = 'invalid';
  const name = values.name.trim();
  if (name.length < 1 || name.length > 120) errors.name = 'invalid';
  if ((creating || values.password !== '') && (values.password.length < MIN_PASSWORD_LENGTH || values.password.length > 1024)) {
    errors.password = 'invalid';
  }
  if (values.departments.length === 0) errors.departments = 'invalid';
  if (maxChatsOf(values.maxChats) === null) errors.maxChats = 'invalid';
  return errors;
}

const ordered = (departments: Department[]) => DEPARTMENTS.filter((d) => departments.includes(d));

/** The `POST /api/agents` body of valid values. */
export function toNewAgent(values: AgentFormValues): NewAgent {
  return {
    login: values.login.trim(),
    name: values.name.trim(),
    password: values.password,
    role: values.role,
    departments: ordered(values.departments),
    maxChats: maxChatsOf(values.maxChats) ?? 0,
  };
}

/** The `PATCH /api/agents/:id` body of valid values (a blank password keeps the current one). */
export function toAgentChanges(values: AgentFormValues): AgentChanges {
  return {
    name: values.name.trim(),
    role: values.role,
    departments: ordered(values.departments),
    maxChats: maxChatsOf(values.maxChats) ?? 0,
    ...(values.password !== '' ? { password: values.password } : {}),
  };
}
