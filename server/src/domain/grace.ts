// Agents who lost their last connection, and since when. Their chats stay theirs for
// `agentGraceSeconds`; a reconnect within that time cancels the countdown.

/** Grace-period bookkeeping (in-process; the multi-node mode keeps it in Redis). */
export function createGraceTracker() {
  const since = new Map<string, number>();
  return {
    /** Starts (or keeps) the countdown of an agent with no live connection. */
    start(agentId: string, atMs: number): void {
      if (!since.has(agentId)) since.set(agentId, atMs);
    },
    /** The agent is back: no countdown. */
    cancel(agentId: string): void {
      since.delete(agentId);
    },
    /** Agents whose grace has run out at `nowMs`; they are forgotten once returned. */
    expired(nowMs: number, graceMs: number): string[] {
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

export type GraceTracker = ReturnType<typeof createGraceTracker>;
