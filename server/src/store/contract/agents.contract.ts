import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { agentInput, at, expectOk, type OpenStore, useStoreFixture } from './support';

/** Agents, their sessions, visitors and ping. */
export function describeAgentsContract(open: OpenStore): void {
  describe('agents, sessions and visitors', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const { newAgent, newChat } = f;

    it('creates, reads, lists, updates and deletes an agent', async () => {
      const alice = await newAgent('alice', { departments: ['billing', 'sales'], maxChats: 4 });
      expect(alice).toMatchObject({
        login: 'alice', name: 'Agent alice', role: 'agent', departments: ['billing', 'sales'],
        maxChats: 4, passwordHash: 'hash-alice', status: 'away', lastAssignedAt: null, createdAt: at(0),
      });
      expect(alice.id).toMatch(/\S/);
      expect(await store.getAgent(alice.id)).toEqual(alice);
      expect(await store.getAgentByLogin('alice')).toEqual(alice);
      expect(await store.getAgent('nobody')).toBeNull();
      expect(await store.getAgentByLogin('nobody')).toBeNull();

      const bob = await newAgent('bob');
      expect((await store.listAgents()).map((a) => a.login).sort()).toEqual(['alice', 'bob']);

      const updated = await store.updateAgent(alice.id, { name: 'Alice M.', maxChats: null, role: 'supervisor' });
      expect(updated).toMatchObject({ name: 'Alice M.', maxChats: null, role: 'supervisor', departments: ['billing', 'sales'] });
      expect(await store.getAgent(alice.id)).toEqual(updated);
      expect(await store.updateAgent('nobody', { name: 'x' })).toBeNull();

      expect(await store.deleteAgent(bob.id)).toBe(true);
      expect(await store.deleteAgent(bob.id)).toBe(false);
      expect(await store.getAgent(bob.id)).toBeNull();
      expect((await store.listAgents()).map((a) => a.id)).toEqual([alice.id]);
    });

    it('refuses a duplicate login, whatever its case, and finds logins case-insensitively', async () => {
      const alice = await newAgent('Alice');
      expect(await store.createAgent(agentInput('alice'), at(1))).toBeNull();
      expect(await store.createAgent(agentInput('ALICE'), at(1))).toBeNull();
      expect(await store.getAgentByLogin('aLiCe')).toEqual(alice);
      expect(await store.listAgents()).toHaveLength(1);
    });

    it('sets the presence status', async () => {
      const alice = await newAgent('alice');
      expect(await store.setAgentStatus(alice.id, 'online')).toMatchObject({ id: alice.id, status: 'online' });
      expect((await store.getAgent(alice.id))?.status).toBe('online');
      expect(await store.setAgentStatus(alice.id, 'away')).toMatchObject({ status: 'away' });
      expect(await store.setAgentStatus('nobody', 'online')).toBeNull();
    });

    it('returns a session until it expires, and not after deletion', async () => {
      const alice = await newAgent('alice');
      const session = { tokenHash: 'h1', agentId: alice.id, createdAt: at(0), expiresAt: at(100) };
      await store.createSession(session);
      expect(await store.getSession('h1', at(99))).toEqual(session);
      expect(await store.getSession('h1', at(100))).toBeNull();
      expect(await store.getSession('h1', at(101))).toBeNull();
      expect(await store.getSession('unknown', at(1))).toBeNull();
      await store.deleteSession('h1');
      expect(await store.getSession('h1', at(1))).toBeNull();
      await store.deleteSession('h1');
    });

    it('deletes every session of one agent and only theirs', async () => {
      const alice = await newAgent('alice');
      const bob = await newAgent('bob');
      await store.createSession({ tokenHash: 'a1', agentId: alice.id, createdAt: at(0), expiresAt: at(999) });
      await store.createSession({ tokenHash: 'a2', agentId: alice.id, createdAt: at(0), expiresAt: at(999) });
      await store.createSession({ tokenHash: 'b1', agentId: bob.id, createdAt: at(0), expiresAt: at(999) });
      await store.deleteSessionsOfAgent(alice.id);
      expect(await store.getSession('a1', at(1))).toBeNull();
      expect(await store.getSession('a2', at(1))).toBeNull();
      expect(await store.getSession('b1', at(1))).not.toBeNull();
      expect(await store.getAgent(alice.id)).not.toBeNull();
      await store.deleteSessionsOfAgent(alice.id);
      await store.deleteSessionsOfAgent('nobody');
      await store.createSession({ tokenHash: 'a3', agentId: alice.id, createdAt: at(2), expiresAt: at(999) });
      expect(await store.getSession('a3', at(3))).not.toBeNull();
    });

    it('deletes the sessions of a deleted agent but keeps their chats', async () => {
      const alice = await newAgent('alice');
      const bob = await newAgent('bob');
      await store.createSession({ tokenHash: 'a1', agentId: alice.id, createdAt: at(0), expiresAt: at(999) });
      await store.createSession({ tokenHash: 'a2', agentId: alice.id, createdAt: at(0), expiresAt: at(999) });
      await store.createSession({ tokenHash: 'b1', agentId: bob.id, createdAt: at(0), expiresAt: at(999) });
      const chat = await newChat();
      expectOk(await store.assignChat(chat.id, alice.id, 3, at(5)));
      expect(await store.deleteAgent(alice.id)).toBe(true);
      expect(await store.getSession('a1', at(1))).toBeNull();
      expect(await store.getSession('a2', at(1))).toBeNull();
      expect(await store.getSession('b1', at(1))).not.toBeNull();
      expect(await store.getChat(chat.id)).toMatchObject({ status: 'active', agentId: alice.id, agentName: 'Agent alice' });
    });

    it('stores visitors by token hash', async () => {
      await store.createVisitor({ id: 'v1', tokenHash: 'th1', createdAt: at(0) });
      expect(await store.getVisitorByTokenHash('th1')).toEqual({ id: 'v1', tokenHash: 'th1', createdAt: at(0) });
      expect(await store.getVisitorByTokenHash('th2')).toBeNull();
    });

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });
  });
}
