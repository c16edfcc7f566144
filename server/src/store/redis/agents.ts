import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { AgentStatus } from '@besoin/shared';
import type { AgentPatch, AgentRecord, NewAgent, SessionRecord, VisitorRecord } from '../store';
// One definition of login identity for every implementation (NFC, lower case).
import { loginKey } from '../sqlite/rows';
import {
  agentFromFlat, agentToHash, compareText, sessionFromFlat, toPairs, visitorFromFlat,
} from './codec';
import type { RedisContext } from './context';
import {
  createAgentScript, createSessionScript, createVisitorScript, deleteAgentScript,
  deleteSessionScript, deleteSessionsOfAgentScript, patchAgentScript, setAgentStatusScript,
} from './scripts/agent.scripts';
import { onlineAgentLoadsScript } from './scripts/read.scripts';

// Agents, their sessions and visitors. Writes that touch an index (unique login, online set,
// an agent's sessions) are scripts; plain reads are single commands.

/** How long Redis keeps a session after it expired, before collecting it (ms). */
const SESSION_GRACE_MS = 24 * 3600 * 1000;

/** SQLite's agent order: creation time, then login key. */
function byCreation(a: AgentRecord, b: AgentRecord): number {
  return compareText(a.createdAt, b.createdAt) || compareText(loginKey(a.login), loginKey(b.login));
}

/** Creates an agent (status `away`); null when the login is taken, whatever its case. */
export async function createAgent(ctx: RedisContext, input: NewAgent, now: string): Promise<AgentRecord | null> {
  const agent: AgentRecord = {
    id: randomUUID(), login: input.login, name: input.name, role: input.role,
    departments: [...input.departments], maxChats: input.maxChats, passwordHash: input.passwordHash,
    status: 'away', lastAssignedAt: null, createdAt: now,
  };
  const key = loginKey(input.login);
  const created = z.number().parse(await ctx.run(createAgentScript, [key, agent.id, ...toPairs(agentToHash(agent, key))]));
  return created === 1 ? agent : null;
}

/** The agent with this id. */
export async function getAgent(ctx: RedisContext, id: string): Promise<AgentRecord | null> {
  return agentFromFlat(await ctx.command(['HGETALL', ctx.keys.agent(id)]));
}

/** The agent with this login, whatever its case. */
export async function getAgentByLogin(ctx: RedisContext, login: string): Promise<AgentRecord | null> {
  const id = z.string().nullable().parse(await ctx.command(['GET', ctx.keys.login(loginKey(login))]));
  return id === null ? null : getAgent(ctx, id);
}

/** Every agent, oldest first. */
export async function listAgents(ctx: RedisContext): Promise<AgentRecord[]> {
  const ids = z.array(z.string()).parse(await ctx.command(['SMEMBERS', ctx.keys.agents]));
  const agents = await Promise.all(ids.map((id) => getAgent(ctx, id)));
  return agents.filter((a): a is AgentRecord => a !== null).sort(byCreation);
}

/** Applies a patch; `maxChats: null` goes back to the policy default. */
export async function updateAgent(ctx: RedisContext, id: string, patch: AgentPatch): Promise<AgentRecord | null> {
  // Only the patchable fields are read from `patch`; undefined means "leave as is".
  const sets: Record<string, string> = {};
  const deletes: string[] = [];
  if (patch.name !== undefined) sets.name = patch.name;
  if (patch.role !== undefined) sets.role = patch.role;
  if (patch.departments !== undefined) sets.departments = JSON.stringify(patch.departments);
  if (patch.passwordHash !== undefined) sets.passwordHash = patch.passwordHash;
  if (patch.maxChats === null) deletes.push('maxChats');
  else if (patch.maxChats !== undefined) sets.maxChats = String(patch.maxChats);
  const pairs = Object.entries(sets).flat();
  return agentFromFlat(await ctx.run(patchAgentScript, [id, String(pairs.length / 2), ...pairs, ...deletes]) ?? []);
}

/** Deletes an agent and every session of theirs; their chats keep `agentId`. */
export async function deleteAgent(ctx: RedisContext, id: string): Promise<boolean> {
  return z.number().parse(await ctx.run(deleteAgentScript, [id])) === 1;
}

/** Sets an agent's presence status (and the online set). */
export async function setAgentStatus(ctx: RedisContext, id: string, status: AgentStatus): Promise<AgentRecord | null> {
  return agentFromFlat(await ctx.run(setAgentStatusScript, [id, status]) ?? []);
}

const LoadsReply = z.array(z.tuple([z.array(z.string()), z.number()]));

/** Online agents with their active chat counts, read in one script; optionally only those with room. */
export async function listOnlineAgentLoads(
  ctx: RedisContext, options: { withRoom?: { defaultMaxChats: number } },
): Promise<{ agent: AgentRecord; activeChats: number }[]> {
  const loads = LoadsReply.parse(await ctx.run(onlineAgentLoadsScript, [])).flatMap(([flat, activeChats]) => {
    const agent = agentFromFlat(flat);
    return agent && agent.status === 'online' ? [{ agent, activeChats }] : [];
  });
  const room = options.withRoom;
  return loads
    .filter(({ agent, activeChats }) => !room || activeChats < (agent.maxChats ?? room.defaultMaxChats))
    .sort((a, b) => byCreation(a.agent, b.agent));
}

/** Stores a session; Redis collects it a day after it expired (expiry itself uses the caller's clock). */
export async function createSession(ctx: RedisContext, session: SessionRecord): Promise<void> {
  const collectAt = Date.parse(session.expiresAt) + SESSION_GRACE_MS;
  // Only a collection time still ahead of the server's clock: a session stored with a test
  // clock far in the past must not vanish before the caller's own expiry check.
  const expireAt = Number.isFinite(collectAt) && collectAt > Date.now() ? String(collectAt) : '';
  await ctx.run(createSessionScript, [
    session.tokenHash, session.agentId, session.createdAt, session.expiresAt, expireAt,
  ]);
}

/** The session if it exists and has not expired at `now`. */
export async function getSession(ctx: RedisContext, tokenHash: string, now: string): Promise<SessionRecord | null> {
  const session = sessionFromFlat(await ctx.command(['HGETALL', ctx.keys.session(tokenHash)]));
  // Compared as instants, not strings, as the SQLite store does.
  if (!session || Date.parse(session.expiresAt) <= Date.parse(now)) return null;
  return session;
}

/** Deletes one session. */
export async function deleteSession(ctx: RedisContext, tokenHash: string): Promise<void> {
  await ctx.run(deleteSessionScript, [tokenHash]);
}

/** Deletes every session of an agent. */
export async function deleteSessionsOfAgent(ctx: RedisContext, agentId: string): Promise<void> {
  await ctx.run(deleteSessionsOfAgentScript, [agentId]);
}

/** Stores a visitor identity; a token hash already stored is an error (a unique key). */
export async function createVisitor(ctx: RedisContext, visitor: VisitorRecord): Promise<void> {
  await ctx.run(createVisitorScript, [visitor.tokenHash, visitor.id, visitor.createdAt]);
}

/** The visitor with this token hash. */
export async function getVisitorByTokenHash(ctx: RedisContext, tokenHash: string): Promise<VisitorRecord | null> {
  return visitorFromFlat(await ctx.command(['HGETALL', ctx.keys.visitor(tokenHash)]));
}
