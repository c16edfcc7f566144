// Agents who lost their last connection, and since when. Their chats stay theirs for
// `agentGraceSeconds`; a reconnect within that time cancels the countdown. In this process's
// memory in the embedded mode; in Redis with several nodes (cluster/grace.redis.ts), so that
// the countdown survives the node the agent was connected to.

/** Grace-period bookkeeping. */
export interface GraceTracker {
  /** Starts (or keeps) the countdown of an agent with no live connection. */
  start(agentId: string, atMs: number): Promise<void>;
  /** The agent is back: no countdown. */
  cancel(agentId: string): Promise<void>;
  /** Agents whose grace has run out at `nowMs`; they are forgotten once returned. */
  expired(nowMs: number, graceMs: number): Promise<string[]>;
}

/** Grace countdowns in this process's memory. */
export function createMemoryGrace(): GraceTracker {
  const since = new Map<string, number>();
  return {
    async start(agentId, atMs) {
      if (!since.has(agentId)) since.set(agentId, atMs);
    },
    async cancel(agentId) {
      since.delete(agentId);
    },
    async expired(nowMs, graceMs) {
      const out: string[] = [];
      for (const [agentId, at] of since) {
        if (nowMs - at >= graceMs) {
          out.push(agentId);
          since.delete(agentId);
        }
      }
      return out;
    },
  };
}
