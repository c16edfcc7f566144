import { errors, type AgentStatus, type AgentView, type Department, type Policy, type Role } from '@besoin/shared';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords';
import { hashToken, newToken } from '../auth/tokens';
import type { AgentPatch, AgentRecord, Store } from '../store/store';
import type { Clock } from './clock';
import type { Notifier } from './notifier';
import { agentView } from './views';

export interface AgentInput {
  login: string;
  name: string;
  password: string;
  role: Role;
  departments: Department[];
  maxChats?: number | null;
}

export interface AgentServiceDeps {
  store: Store;
  clock: Clock;
  policy: Policy;
  notifier: Notifier;
  sessionTtlMs: number;
}

// A scrypt hash of a random password: logins for unknown accounts take as long as real ones.
const dummyHash = hashPassword(newToken());

/** Agent accounts, sessions and availability. */
export function createAgentService({ store, clock, policy, notifier, sessionTtlMs }: AgentServiceDeps) {
  const now = () => clock.now().toISOString();

  async function view(agent: AgentRecord): Promise<AgentView> {
    return agentView(agent, await store.countActiveChats(agent.id), policy.routing.defaultMaxChats);
  }

  async function requireAgent(id: string): Promise<AgentRecord> {
    const agent = await store.getAgent(id);
    if (!agent) throw errors.notFound('Agent');
    return agent;
  }

  return {
    view,

    /** Creates an account; `conflict` when the login exists. */
    async create(input: AgentInput): Promise<AgentRecord> {
      if (input.password.length < MIN_PASSWORD_LENGTH) {
        throw errors.invalidPayload([
          { code: 'too_small', path: ['password'], message: `At least ${MIN_PASSWORD_LENGTH} characters.` },
        ]);
      }
      const created = await store.createAgent(
        {
          login: input.login,
          name: input.name,
          role: input.role,
          departments: input.departments,
          maxChats: input.maxChats ?? null,
          passwordHash: await hashPassword(input.password),
        },
        now(),
      );
      if (!created) throw errors.conflict('This login is taken.');
      return created;
    },

    /** Changes an account; a new password is hashed. */
    async update(id: string, patch: Omit<AgentPatch, 'passwordHash'> & { password?: string }): Promise<AgentRecord> {
      const { password, ...rest } = patch;
      const storePatch: AgentPatch = { ...rest };
      if (password !== undefined) {
        if (password.length < MIN_PASSWORD_LENGTH) {
          throw errors.invalidPayload([
            { code: 'too_small', path: ['password'], message: `At least ${MIN_PASSWORD_LENGTH} characters.` },
          ]);
        }
        storePatch.passwordHash = await hashPassword(password);
      }
      const updated = await store.updateAgent(id, storePatch);
      if (!updated) throw errors.notFound('Agent');
      notifier.toAgent(id, 'agent:updated', { agent: await view(updated) });
      return updated;
    },

    /** Deletes an account and ends its connections. */
    async remove(id: string): Promise<void> {
      if (!(await store.deleteAgent(id))) throw errors.notFound('Agent');
      notifier.disconnectAgent(id);
    },

    list: () => store.listAgents(),
    get: requireAgent,

    /** Checks credentials and opens a session. */
    async login(login: string, password: string): Promise<{ token: string; agent: AgentRecord }> {
      const agent = await store.getAgentByLogin(login);
      const valid = await verifyPassword(password, agent?.passwordHash ?? (await dummyHash));
      if (!agent || !valid) throw errors.unauthorized('Wrong login or password.');
      const token = newToken();
      const created = clock.now();
      await store.createSession({
        tokenHash: hashToken(token),
        agentId: agent.id,
        createdAt: created.toISOString(),
        expiresAt: new Date(created.getTime() + sessionTtlMs).toISOString(),
      });
      return { token, agent };
    },

    /** The agent a session token belongs to, or null. */
    async authenticate(token: string): Promise<AgentRecord | null> {
      const session = await store.getSession(hashToken(token), now());
      return session ? store.getAgent(session.agentId) : null;
    },

    /** Revokes a session and disconnects its sockets. */
    async logout(token: string): Promise<void> {
      const tokenHash = hashToken(token);
      await store.deleteSession(tokenHash);
      notifier.disconnectAgentSession(tokenHash);
    },

    /** Revokes every session of an agent ("log out everywhere") and disconnects all their sockets. */
    async logoutEverywhere(agentId: string): Promise<void> {
      await store.deleteSessionsOfAgent(agentId);
      notifier.disconnectAgent(agentId);
    },

    /** Stores the agent's availability and tells their other connections. */
    async setStatus(id: string, status: AgentStatus, exceptOrigin?: string): Promise<AgentRecord> {
      const updated = await store.setAgentStatus(id, status);
      if (!updated) throw errors.notFound('Agent');
      notifier.toAgent(id, 'agent:updated', { agent: await view(updated) }, exceptOrigin);
      return updated;
    },

    /** The effective capacity of an agent. */
    maxChats: (agent: AgentRecord) => agent.maxChats ?? policy.routing.defaultMaxChats,
  };
}

export type AgentService = ReturnType<typeof createAgentService>;
