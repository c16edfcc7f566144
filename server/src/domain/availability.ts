import type { Department } from '@besoin/shared';
import type { AgentRecord, Store } from '../store/store';
import type { Presence } from './presence';

/** Who can take chats now: stored status `online` and at least one live connection. */
export function createAvailability({ store, presence, defaultMaxChats }: { store: Store; presence: Presence; defaultMaxChats: number }) {
  const maxChats = (agent: AgentRecord) => agent.maxChats ?? defaultMaxChats;

  async function available(department: Department): Promise<AgentRecord[]> {
    const all = await store.listAgents();
    const online = all.filter((a) => a.status === 'online' && a.departments.includes(department));
    const connected = await Promise.all(online.map((a) => presence.isConnected(a.id)));
    return online.filter((_, i) => connected[i]);
  }

  return {
    maxChats,
    available,
    /** Available agents with their current load. */
    async withLoad(department: Department): Promise<{ agent: AgentRecord; load: number }[]> {
      const agents = await available(department);
      const loads = await Promise.all(agents.map((a) => store.countActiveChats(a.id)));
      return agents.map((agent, i) => ({ agent, load: loads[i] ?? 0 }));
    },
    /** Whether the agent can take one more chat now. */
    async hasRoom(agent: AgentRecord): Promise<boolean> {
      if (agent.status !== 'online' || !(await presence.isConnected(agent.id))) return false;
      return (await store.countActiveChats(agent.id)) < maxChats(agent);
    },
  };
}

export type Availability = ReturnType<typeof createAvailability>;
