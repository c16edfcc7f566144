// Which agents have at least one live connection. An agent with several tabs or devices
// counts once. In-process for the embedded mode; the Redis mode shares it across nodes.

/** Connection bookkeeping per agent. */
export interface Presence {
  /** Records a connection; true when it is the agent's first. */
  connected(agentId: string, connectionId: string): Promise<boolean>;
  /** Forgets a connection; true when it was the agent's last. */
  disconnected(agentId: string, connectionId: string): Promise<boolean>;
  isConnected(agentId: string): Promise<boolean>;
}

/** Presence kept in this process's memory. */
export function createMemoryPresence(): Presence {
  const connections = new Map<string, Set<string>>();
  return {
    async connected(agentId, connectionId) {
      const set = connections.get(agentId) ?? new Set<string>();
      set.add(connectionId);
      connections.set(agentId, set);
      return set.size === 1;
    },
    async disconnected(agentId, connectionId) {
      const set = connections.get(agentId);
      if (!set?.delete(connectionId)) return false;
      if (set.size > 0) return false;
      connections.delete(agentId);
      return true;
    },
    async isConnected(agentId) {
      return (connections.get(agentId)?.size ?? 0) > 0;
    },
  };
}
