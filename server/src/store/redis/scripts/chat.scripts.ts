import { CHAT_LIB, COMMON_LIB } from './lib';
import { luaScript } from './script';

// The deciding chat operations, one script each. Replies are tables whose first item says
// what happened ('ok', 'same', 'dup', 'conflict', 'err'); chats come back as HGETALL arrays.

const LIBS = [COMMON_LIB, CHAT_LIB];

/** A: chatId, visitorId, first message JSON, hasClientId, clientId, then the chat's hash pairs. */
export const createChatScript = luaScript('createChat', LIBS, `
local open = redis.call('GET', K.visitorChat(A[2]))
if open then
  local status = redis.call('HGET', K.chat(open), 'status')
  if status == 'queued' or status == 'active' then return { 'conflict', open } end
end
local fields = { 'n', redis.call('INCR', K.chatSerial) }
for i = 6, #A do fields[#fields + 1] = A[i] end
redis.call('HSET', K.chat(A[1]), unpack(fields))
redis.call('RPUSH', K.messages(A[1]), A[3])
if A[4] == '1' then redis.call('HSET', K.clientIds(A[1]), A[5], 1) end
redis.call('SET', K.visitorChat(A[2]), A[1])
enter_status(hash(K.chat(A[1])))
return { 'ok', redis.call('HGETALL', K.chat(A[1])) }
`);

/** A: chatId, agentId, maxChats, now. The slot reservation: queued chat and room on the agent. */
export const assignChatScript = luaScript('assignChat', LIBS, `
local c = hash(K.chat(A[1]))
if not c then return { 'err', 'chat_not_found' } end
if c.status ~= 'queued' then return { 'err', 'chat_not_queued' } end
local name = redis.call('HGET', K.agent(A[2]), 'name')
if not name then return { 'err', 'agent_not_found' } end
if redis.call('SCARD', K.agentChats(A[2])) >= tonumber(A[3]) then return { 'err', 'agent_full' } end
chat_save(c, {
  status = 'active', agentId = A[2], agentName = name, assignedAt = A[4],
  firstAssignedAt = c.firstAssignedAt or A[4], answeredAt = false,
}, true)
redis.call('HSET', K.agent(A[2]), 'lastAssignedAt', A[4])
return { 'ok', redis.call('HGETALL', K.chat(A[1])) }
`);

/** A: chatId, hasDepartment, department. Back to the queue (ahead of never-assigned chats). */
export const requeueChatScript = luaScript('requeueChat', LIBS, `
local c = hash(K.chat(A[1]))
if not c then return { 'err', 'chat_not_found' } end
if c.status ~= 'active' then return { 'err', 'chat_not_active' } end
chat_save(c, {
  status = 'queued', requeued = '1', answeredAt = false,
  department = A[2] == '1' and A[3] or c.department,
}, true)
return { 'ok', redis.call('HGETALL', K.chat(A[1])) }
`);

/** A: chatId, fromAgentId, toAgentId, maxChats, now. A transfer that needs room on the target. */
export const reassignChatScript = luaScript('reassignChat', LIBS, `
local c = hash(K.chat(A[1]))
if not c then return { 'err', 'chat_not_found' } end
if c.status ~= 'active' or c.agentId ~= A[2] then return { 'err', 'chat_not_active' } end
local name = redis.call('HGET', K.agent(A[3]), 'name')
if not name then return { 'err', 'agent_not_found' } end
local load = redis.call('SCARD', K.agentChats(A[3]))
-- A chat moved to the agent who already holds it does not take a second slot.
if A[3] == A[2] then load = load - 1 end
if load >= tonumber(A[4]) then return { 'err', 'agent_full' } end
chat_save(c, { agentId = A[3], agentName = name, assignedAt = A[5], answeredAt = false }, true)
redis.call('HSET', K.agent(A[3]), 'lastAssignedAt', A[5])
return { 'ok', redis.call('HGETALL', K.chat(A[1])) }
`);

/** A: chatId, status ('ended' | 'converted'), now. Idempotent: a closed chat answers 'same'. */
export const endChatScript = luaScript('endChat', LIBS, `
local c = hash(K.chat(A[1]))
if not c then return { 'err', 'chat_not_found' } end
if not chat_is_open(c) then return { 'same', redis.call('HGETALL', K.chat(A[1])) } end
chat_save(c, { status = A[2], endedAt = A[3] }, true)
return { 'ok', redis.call('HGETALL', K.chat(A[1])) }
`);

/** A: chatId, now. Sets longAt once. */
export const markChatLongScript = luaScript('markChatLong', LIBS, `
local c = hash(K.chat(A[1]))
if not c then return { 'err', 'chat_not_found' } end
if c.longAt then return { 'same', redis.call('HGETALL', K.chat(A[1])) } end
chat_save(c, { longAt = A[2] }, false)
return { 'ok', redis.call('HGETALL', K.chat(A[1])) }
`);

/**
 * A: chatId, hasClientId, clientId, message JSON (no seq), countsTowardsLength, fromVisitor,
 * agentSpoke, now. De-duplication first (also for a closed chat), then the next seq: the
 * message list's new length, so seqs are gap-free.
 */
export const appendMessageScript = luaScript('appendMessage', LIBS, `
if A[2] == '1' then
  local seq = redis.call('HGET', K.clientIds(A[1]), A[3])
  if seq then
    local chat = redis.call('HGETALL', K.chat(A[1]))
    if #chat == 0 then return { 'err', 'chat_not_found' } end
    return { 'dup', tonumber(seq), redis.call('LINDEX', K.messages(A[1]), tonumber(seq) - 1), chat }
  end
end
local c = hash(K.chat(A[1]))
if not c then return { 'err', 'chat_not_found' } end
if not chat_is_open(c) then return { 'err', 'chat_closed' } end
-- Checked before writing: a script error does not undo the writes already made.
if redis.call('LLEN', K.messages(A[1])) ~= tonumber(c.lastSeq) then
  error('chat ' .. A[1] .. ': message list out of step with lastSeq')
end
local seq = redis.call('RPUSH', K.messages(A[1]), A[4])
if A[2] == '1' then redis.call('HSET', K.clientIds(A[1]), A[3], seq) end
local changes = { lastSeq = tostring(seq), messageCount = tostring(tonumber(c.messageCount) + tonumber(A[5])) }
if A[6] == '1' then changes.lastVisitorMessageAt = A[8] end
if A[7] == '1' then
  changes.lastAgentMessageAt = A[8]
  if not c.answeredAt then changes.answeredAt = A[8] end
end
chat_save(c, changes, false)
return { 'ok', seq, redis.call('HGETALL', K.chat(A[1])) }
`);
