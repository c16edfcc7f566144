import { randomUUID } from 'node:crypto';
import type { AgentStatus } from '@besoin/shared';
import type { AgentPatch, AgentRecord, NewAgent } from '../store';
import { fromAgent, loginKey, toAgent } from './rows';
import type { Statements } from './statements';

// The bodies of the agent operations that read before they write; each runs inside one
// BEGIN IMMEDIATE transaction (see transactions.ts).

/** Creates an agent (status `away`, DESIGN §6); null when the login is taken, whatever its case. */
export function createAgentTx(s: Statements, input: NewAgent, now: string): AgentRecord | null {
  if (s.agentByLoginKey.get(loginKey(input.login))) return null;
  const agent: AgentRecord = {
    id: randomUUID(),
    login: input.login,
    name: input.name,
    role: input.role,
    departments: [...input.departments],
    maxChats: input.maxChats,
    passwordHash: input.passwordHash,
    status: 'away',
    lastAssignedAt: null,
    createdAt: now,
  };
  s.insertAgent.run(fromAgent(agent));
  return agent;
}

/** Applies a patch to an agent; null when there is no such agent. */
export function updateAgentTx(s: Statements, id: string, patch: AgentPatch): AgentRecord | null {
  const row = s.agentById.get(id);
  if (!row) return null;
  const before = toAgent(row);
  // Only the patchable fields are read from `patch`; `undefined` means "leave as is", while
  // `maxChats: null` is a real value (back to the policy default).
  const agent: AgentRecord = {
    ...before,
    name: patch.name ?? before.name,
    role: patch.role ?? before.role,
    departments: patch.departments ? [...patch.departments] : before.departments,
    maxChats: patch.maxChats === undefined ? before.maxChats : patch.maxChats,
    passwordHash: patch.passwordHash ?? before.passwordHash,
  };
  s.updateAgent.run(fromAgent(agent));
  return agent;
}

/** Deletes an agent and every session of theirs; their chats keep `agentId`. */
export function deleteAgentTx(s: Statements, id: string): boolean {
  // Explicit, not only ON DELETE CASCADE: a removed agent must lose every session even on a
  // connection opened without foreign_keys.
  s.deleteSessionsOfAgent.run(id);
  return s.deleteAgent.run(id).changes > 0;
}

/** Sets an agent's presence status; null when there is no such agent. */
export function setAgentStatusTx(
  s: Statements, id: string, status: AgentStatus,
): AgentRecord | null {
  s.setAgentStatus.run(status, id);
  const row = s.agentById.get(id);
  return row ? toAgent(row) : null;
}
