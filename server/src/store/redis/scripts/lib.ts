// Lua helpers shared by the scripts. They run inside one script invocation, so what they read
// and write is part of that script's atomic step. Conventions: a record is a Redis hash whose
// absent fields are null; a change table maps a field to a string, or to `false` for null.

/** Byte-wise comparison (Lua's own `<` uses the locale), hash reads and writes, JSON arrays. */
export const COMMON_LIB = `
local function bytecmp(a, b)
  if a == b then return 0 end
  local la, lb = #a, #b
  for i = 1, math.min(la, lb) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y and -1 or 1 end
  end
  return la < lb and -1 or 1
end

local function hash(key)
  local flat = redis.call('HGETALL', key)
  if #flat == 0 then return nil end
  local t = {}
  for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
  return t
end

local function save(key, changes)
  local sets, dels = {}, {}
  for field, value in pairs(changes) do
    if value == false then dels[#dels + 1] = field
    else sets[#sets + 1] = field; sets[#sets + 1] = value end
  end
  if #sets > 0 then redis.call('HSET', key, unpack(sets)) end
  if #dels > 0 then redis.call('HDEL', key, unpack(dels)) end
end

local function json_has(list, value)
  for _, item in ipairs(cjson.decode(list)) do
    if item == value then return true end
  end
  return false
end

local function json_push(list, value)
  if #cjson.decode(list) == 0 then return '[' .. cjson.encode(value) .. ']' end
  return string.sub(list, 1, -2) .. ',' .. cjson.encode(value) .. ']'
end

local function is_open_ticket(status) return status == 'open' or status == 'pending' end
`;

/**
 * Chat state changes. The structures that depend on a chat's status (the department queue,
 * the agent's active set, the visitor's open-chat pointer) are updated here and only here,
 * in the same script as the status change, so they can never disagree with the chat hashes.
 */
export const CHAT_LIB = `
local RANK = { critical = '0', high = '1', normal = '2' }

-- Queue order as a byte string: re-queued first, then priority (critical first), then
-- queuedAt, createdAt and creation serial (SQLite's rowid), like the SQLite ORDER BY.
local function queue_member(c)
  return (c.requeued == '1' and '0' or '1') .. (RANK[c.priority] or '3') .. ' ' .. c.queuedAt
    .. ' ' .. c.createdAt .. ' ' .. string.format('%012d', tonumber(c.n)) .. ' ' .. c.id
end

local function leave_status(c)
  if c.status == 'queued' then
    redis.call('ZREM', K.queue(c.department), queue_member(c))
    redis.call('ZREM', K.queueAge(c.department), c.queuedAt .. ' ' .. c.id)
  elseif c.status == 'active' then
    redis.call('SREM', K.agentChats(c.agentId), c.id)
    redis.call('SREM', K.activeChats, c.id)
  end
end

local function enter_status(c)
  if c.status == 'queued' then
    redis.call('ZADD', K.queue(c.department), 0, queue_member(c))
    redis.call('ZADD', K.queueAge(c.department), 0, c.queuedAt .. ' ' .. c.id)
  elseif c.status == 'active' then
    redis.call('SADD', K.agentChats(c.agentId), c.id)
    redis.call('SADD', K.activeChats, c.id)
  elseif redis.call('GET', K.visitorChat(c.visitorId)) == c.id then
    redis.call('DEL', K.visitorChat(c.visitorId))
  end
end

-- Applies changes to chat c (a table from hash()); moves = the status, agent or queue
-- position may change, so the chat leaves its structures and enters the new ones.
local function chat_save(c, changes, moves)
  if moves then leave_status(c) end
  for field, value in pairs(changes) do
    if value == false then c[field] = nil else c[field] = value end
  end
  save(K.chat(c.id), changes)
  if moves then enter_status(c) end
end

local function chat_is_open(c) return c.status == 'queued' or c.status == 'active' end
`;

/** Ticket history, the waiting index, and create-or-merge (rule 2). */
export const TICKET_LIB = `
local PRIORITY = { low = 0, normal = 1, high = 2, critical = 3 }

local function higher_priority(a, b)
  if (PRIORITY[a] or -1) >= (PRIORITY[b] or -1) then return a end
  return b
end

-- Appends an entry (JSON without position) and answers its position, gap-free per ticket.
-- The first transcript entry of a chat is remembered for linkChatToTicket.
local function append_entry(ref, json, transcript_chat)
  local position = redis.call('RPUSH', K.entries(ref), json)
  if transcript_chat then redis.call('HSETNX', K.transcripts(ref), transcript_chat, position) end
  return position
end

-- Keeps tickets-waiting equal to "open or pending and never responded to".
local function ticket_reindex(ref)
  local f = redis.call('HMGET', K.ticket(ref), 'status', 'firstRespondedAt')
  if is_open_ticket(f[1]) and not f[2] then redis.call('SADD', K.waitingTickets, ref)
  else redis.call('SREM', K.waitingTickets, ref) end
end

-- The most recently active open or pending non-complaint ticket of the requester in the
-- department, active since spec.since (ties: the latest created); nil when none.
local function merge_candidate(spec)
  local best, best_at, best_n
  for _, ref in ipairs(redis.call('SMEMBERS', K.requesterTickets(spec.department, spec.requesterKey))) do
    local f = redis.call('HMGET', K.ticket(ref), 'status', 'category', 'lastActivityAt', 'n')
    if is_open_ticket(f[1]) and f[2] ~= 'complaint' and f[3] and bytecmp(f[3], spec.since) >= 0 then
      local n = tonumber(f[4])
      if not best or bytecmp(f[3], best_at) > 0 or (f[3] == best_at and n > best_n) then
        best, best_at, best_n = ref, f[3], n
      end
    end
  end
  return best
end

-- Creates a ticket or merges into the candidate (see ticket.scripts.ts for spec's fields).
-- Answers ref, merged, the position and the JSON of the 'created' or 'merged' entry.
local function create_or_merge(spec)
  local ref = spec.since and merge_candidate(spec)
  if ref then
    local key = K.ticket(ref)
    local f = redis.call('HMGET', key, 'priority', 'urgent', 'visitorIds')
    local changes = {
      priority = higher_priority(f[1], spec.priority),
      urgent = (f[2] == '1' or spec.urgent == '1') and '1' or '0',
      updatedAt = spec.now, lastActivityAt = spec.now,
    }
    if spec.visitorId and not json_has(f[3], spec.visitorId) then
      changes.visitorIds = json_push(f[3], spec.visitorId)
    end
    save(key, changes)
    return ref, true, append_entry(ref, spec.mergedEntry), spec.mergedEntry
  end
  local number = redis.call('INCR', K.ticketCounter(spec.year))
  ref = string.format('TCK-%d-%06d', spec.year, number)
  -- A reused ref would silently overwrite a ticket: refuse (a reset counter, not a user error).
  if redis.call('EXISTS', K.ticket(ref)) == 1 then error('ticket ref ' .. ref .. ' already exists') end
  local fields = {
    'ref', ref, 'n', redis.call('INCR', K.ticketSerial), 'chatIds', '[]',
    'visitorIds', spec.visitorId and ('[' .. cjson.encode(spec.visitorId) .. ']') or '[]',
  }
  for field, value in pairs(spec.ticket) do fields[#fields + 1] = field; fields[#fields + 1] = value end
  redis.call('HSET', K.ticket(ref), unpack(fields))
  redis.call('SADD', K.tickets, ref)
  redis.call('SADD', K.requesterTickets(spec.department, spec.requesterKey), ref)
  ticket_reindex(ref)
  return ref, false, append_entry(ref, spec.createdEntry), spec.createdEntry
end
`;
