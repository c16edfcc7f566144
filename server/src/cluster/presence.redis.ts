import type { Presence } from '../domain/presence';
import type { RedisClient } from '../store/redis/connection';

// Presence shared by every node. Each agent has a hash of live connections, field
// "<node>|<socket id>" → node id; a connection counts only while its node's heartbeat key
// exists, so the connections of a node killed with SIGKILL stop counting when its heartbeat
// expires (HEARTBEAT_TTL_MS), and are swept from the hash the next time someone looks.

/** How long a node's connections count after its last heartbeat (ms). */
export const HEARTBEAT_TTL_MS = 3000;
/** How often a node refreshes its heartbeat (ms). */
export const HEARTBEAT_EVERY_MS = 1000;

// Counts live connections in KEYS[1], deleting those of dead nodes. ARGV[1]: node key prefix.
const LIVE = `
local function live(hash, nodePrefix)
  local n = 0
  local entries = redis.call('HGETALL', hash)
  for i = 1, #entries, 2 do
    if redis.call('EXISTS', nodePrefix .. entries[i + 1]) == 1 then n = n + 1
    else redis.call('HDEL', hash, entries[i]) end
  end
  return n
end
`;
const CONNECTED = `${LIVE}
local before = live(KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
return before == 0 and 1 or 0`;
const DISCONNECTED = `${LIVE}
if redis.call('HDEL', KEYS[1], ARGV[2]) == 0 then return 0 end
return live(KEYS[1], ARGV[1]) == 0 and 1 or 0`;
const IS_CONNECTED = `${LIVE}
return live(KEYS[1], ARGV[1]) > 0 and 1 or 0`;

/** Presence in Redis for node `nodeId`; `start` begins the heartbeat, `stop` ends it. */
export function createRedisPresence(client: RedisClient, prefix: string, nodeId: string) {
  const nodePrefix = `${prefix}node:`;
  const hash = (agentId: string) => `${prefix}presence:${agentId}`;
  const field = (connectionId: string) => `${nodeId}|${connectionId}`;
  const run = async (script: string, agentId: string, ...args: string[]) =>
    Number(await client.eval(script, { keys: [hash(agentId)], arguments: [nodePrefix, ...args] })) === 1;
  let timer: NodeJS.Timeout | null = null;
  const beat = () => client.set(`${nodePrefix}${nodeId}`, '1', { PX: HEARTBEAT_TTL_MS });

  const presence: Presence = {
    connected: (agentId, connectionId) => run(CONNECTED, agentId, field(connectionId), nodeId),
    disconnected: (agentId, connectionId) => run(DISCONNECTED, agentId, field(connectionId)),
    isConnected: (agentId) => run(IS_CONNECTED, agentId),
  };
  return {
    presence,
    /** Writes the first heartbeat, then refreshes it every HEARTBEAT_EVERY_MS. */
    async start(onError: (error: unknown) => void): Promise<void> {
      await beat().catch(onError);
      timer = setInterval(() => void beat().catch(onError), HEARTBEAT_EVERY_MS);
      timer.unref();
    },
    /** Ends the heartbeat and removes it: this node's connections stop counting at once. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await client.del(`${nodePrefix}${nodeId}`).catch(() => undefined);
    },
  };
}
