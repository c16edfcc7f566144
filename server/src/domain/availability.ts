import type { Department } from '@besoin/shared';
import type { AgentRecord, Store } from '../store/store';
import type { Presence } from './presence';

/** Who can take chats now: stored status `online` and at least one live connection. */
export function createAvailability({ store, presence, defaultMaxChats }: { store: Store; presence: Presence; defaultMaxChats: number }) {
  const maxChats = (agent: AgentRecord) => agent.maxChats ?? defaultMaxChats;

  return {
    maxChats,
    /** Available agents of a department with their current load (one store read); `withRoom`: only those below capacity. */
    async withLoad(department: Department, options: { withRoom?: boolean } = {}): Promise<{ agent: AgentRecord; load: number }[]> {
      const loads = await store.listOnlineAgentLoads(options.withRoom ? { withRoom: { defaultMaxChats } } : {});
      const online = loads.filter((x) => x.agent.departments.includes(department));
      const connected = await Promise.all(online.map((x) => presence.isConnected(x.agent.id)));
      return online.filter((_, i) => connected[i]).map((x) => ({ agent: x.agent, load: x.activeChats }));
    },
    /** Whether the agent can take one more chat now. */
    async hasRoom(agent: AgentRecord): Promise<boolean> {
      if (agent.status !== 'online' || !(await presence.isConnected(agent.id))) return false;
      return (await store.countActiveChats(agent.id)) < maxChats(agent);
    },
  };
}

export type Availability = ReturnType<typeof createAvailability>;
