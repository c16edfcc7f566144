import type { GraceTracker } from '../domain/grace';
import type { RedisClient } from '../store/redis/connection';

// Grace countdowns shared by every node: one hash, agent id → when the agent's last connection
// went (ms). Any node may start or cancel one; only the node holding the jobs lease collects the
// expired ones, atomically, so an agent's chats are re-queued once.

const EXPIRED = `
local out = {}
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  if tonumber(ARGV[1]) - tonumber(entries[i + 1]) >= tonumber(ARGV[2]) then
    redis.call('HDEL', KEYS[1], entries[i])
    out[#out + 1] = entries[i]
  end
end
return out`;

/** Grace countdowns in the Redis hash `<prefix>grace`. */
export function createRedisGrace(client: RedisClient, prefix: string): GraceTracker {
  const key = `${prefix}grace`;
  return {
    async start(agentId, atMs) {
      await client.hSetNX(key, agentId, String(atMs));
    },
    async cancel(agentId) {
      await client.hDel(key, agentId);
    },
    async expired(nowMs, graceMs) {
      const ids = await client.eval(EXPIRED, { keys: [key], arguments: [String(nowMs), String(graceMs)] });
      return Array.isArray(ids) ? ids.map(String) : [];
    },
  };
}
