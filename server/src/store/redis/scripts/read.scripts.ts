import { CHAT_LIB, COMMON_LIB } from './lib';
import { luaScript } from './script';

// Reads that must see one consistent state (a script runs alone): a list of ids and the
// records they point to, or a position computed from a chat and its queue.

/** A: start, stop, then departments. Answers member, chat hash pairs, … in queue order per department. */
export const queuedChatsScript = luaScript('queuedChats', [], `
local out = {}
for i = 3, #A do
  for _, member in ipairs(redis.call('ZRANGE', K.queue(A[i]), A[1], A[2])) do
    out[#out + 1] = member
    out[#out + 1] = redis.call('HGETALL', K.chat(string.match(member, '([^ ]+)$')))
  end
end
return out
`);

/** A: chatId. The 1-based rank of a queued chat in its department's queue, or nil. */
export const queuePositionScript = luaScript('queuePosition', [COMMON_LIB, CHAT_LIB], `
local c = hash(K.chat(A[1]))
if not c or c.status ~= 'queued' then return false end
local rank = redis.call('ZRANK', K.queue(c.department), queue_member(c))
if not rank then return false end
return rank + 1
`);

/** A: department. Answers { waiting, oldest queuedAt or nil }. */
export const queueStatsScript = luaScript('queueStats', [], `
local oldest = redis.call('ZRANGE', K.queueAge(A[1]), 0, 0)
local queuedAt = oldest[1] and string.match(oldest[1], '^([^ ]+)') or false
return { redis.call('ZCARD', K.queue(A[1])), queuedAt }
`);

/** A: 'all' or 'agent', agentId. The hash pairs of every active chat (of one agent). */
export const activeChatsScript = luaScript('activeChats', [], `
local set = A[1] == 'agent' and K.agentChats(A[2]) or K.activeChats
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', set)) do
  local chat = redis.call('HGETALL', K.chat(id))
  if #chat > 0 then out[#out + 1] = chat end
end
return out
`);

/** No arguments. { agent hash pairs, active chat count } of every online agent, in one read. */
export const onlineAgentLoadsScript = luaScript('onlineAgentLoads', [], `
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', K.onlineAgents)) do
  local agent = redis.call('HGETALL', K.agent(id))
  if #agent > 0 then out[#out + 1] = { agent, redis.call('SCARD', K.agentChats(id)) } end
end
return out
`);
