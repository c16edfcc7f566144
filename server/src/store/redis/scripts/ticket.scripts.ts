import { CHAT_LIB, COMMON_LIB, TICKET_LIB } from './lib';
import { luaScript } from './script';

// The ticket operations. The create-or-merge spec (JSON, decoded with cjson) carries:
// now, year, since (absent: no merge), requesterKey, department, priority, urgent ('0'|'1'),
// visitorId (absent: none), ticket (the new ticket's hash fields, strings), createdEntry and
// mergedEntry (entry JSON without position), and for a conversion transcriptEntry.

const LIBS = [COMMON_LIB, TICKET_LIB];

/** A: spec JSON. Answers ticket hash pairs, merged (0|1), entry position, entry JSON. */
export const createTicketScript = luaScript('createTicket', LIBS, `
local ref, merged, position, entry = create_or_merge(cjson.decode(A[1]))
return { redis.call('HGETALL', K.ticket(ref)), merged and 1 or 0, position, entry }
`);

/**
 * A: chatId, spec JSON. Converts an open chat once: create or merge, add the chat and a
 * transcript entry, end the chat as 'converted' (freeing its slot). A chat that already has
 * a ticket answers 'same' with it.
 */
export const convertChatScript = luaScript('convertChat', [...LIBS, CHAT_LIB], `
local c = hash(K.chat(A[1]))
if not c then return { 'err', 'chat_not_found' } end
if c.ticketRef then
  local ticket = redis.call('HGETALL', K.ticket(c.ticketRef))
  if #ticket == 0 then error('chat ' .. c.id .. ' refers to missing ticket ' .. c.ticketRef) end
  return { 'same', ticket, c.ticketMerged == '1' and 1 or 0, redis.call('HGETALL', K.chat(A[1])) }
end
if not chat_is_open(c) then return { 'err', 'chat_closed' } end
local spec = cjson.decode(A[2])
spec.visitorId = c.visitorId
local ref, merged = create_or_merge(spec)
local chat_ids = redis.call('HGET', K.ticket(ref), 'chatIds')
if not json_has(chat_ids, c.id) then redis.call('HSET', K.ticket(ref), 'chatIds', json_push(chat_ids, c.id)) end
append_entry(ref, spec.transcriptEntry, c.id)
chat_save(c, { status = 'converted', endedAt = spec.now, ticketRef = ref, ticketMerged = merged and '1' or '0' }, true)
return { 'ok', redis.call('HGETALL', K.ticket(ref)), merged and 1 or 0, redis.call('HGETALL', K.chat(A[1])) }
`);

/** A: ref, chatId, transcript entry JSON, now. Links a chat once; answers the first link's entry after. */
export const linkChatScript = luaScript('linkChat', LIBS, `
local key = K.ticket(A[1])
local chat_ids = redis.call('HGET', key, 'chatIds')
if not chat_ids then return { 'err', 'ticket_not_found' } end
if redis.call('EXISTS', K.chat(A[2])) == 0 then return { 'err', 'chat_not_found' } end
if json_has(chat_ids, A[2]) then
  local position = redis.call('HGET', K.transcripts(A[1]), A[2])
  if not position then error('ticket ' .. A[1] .. ' lists chat ' .. A[2] .. ' without a transcript entry') end
  return { 'same', redis.call('HGETALL', key), tonumber(position), redis.call('LINDEX', K.entries(A[1]), tonumber(position) - 1) }
end
save(key, { chatIds = json_push(chat_ids, A[2]), updatedAt = A[4], lastActivityAt = A[4] })
local position = append_entry(A[1], A[3], A[2])
return { 'ok', redis.call('HGETALL', key), position, A[3] }
`);

/**
 * A: ref, now, actor JSON { role, name, id }, hasStatus, status, hasPriority, priority,
 * hasAssignee, assigneeIsSet, assignee, then three entry ids. One entry per field that
 * really changed. Answers nil, or { ticket hash pairs, { position, entry JSON }… }.
 */
export const updateTicketScript = luaScript('updateTicket', LIBS, `
local key = K.ticket(A[1])
local t = hash(key)
if not t then return false end
local changes, kinds = {}, {}
local function change(kind, field, from, to)
  kinds[#kinds + 1] = { kind = kind, from = from or cjson.null, to = to or cjson.null }
  changes[field] = to
end
if A[4] == '1' and A[5] ~= t.status then change('status', 'status', t.status, A[5]) end
if A[6] == '1' and A[7] ~= t.priority then change('priority', 'priority', t.priority, A[7]) end
if A[8] == '1' then
  local to = A[9] == '1' and A[10] or false
  local from = t.assigneeId or false
  if to ~= from then change('assignee', 'assigneeId', from, to) end
end
local entries = {}
if #kinds > 0 then
  changes.updatedAt = A[2]
  changes.lastActivityAt = A[2]
  save(key, changes)
  ticket_reindex(A[1])
  local actor = cjson.decode(A[3])
  for i, k in ipairs(kinds) do
    local json = cjson.encode({
      id = A[10 + i], kind = k.kind, at = A[2], authorRole = actor.role, authorName = actor.name,
      authorId = actor.id, text = cjson.null, chatId = cjson.null, data = { from = k.from, to = k.to },
    })
    entries[#entries + 1] = { append_entry(A[1], json), json }
  end
end
return { redis.call('HGETALL', key), entries }
`);

/** A: ref, now, reply entry JSON. The first reply is the first response. Nil when not found. */
export const addReplyScript = luaScript('addReply', LIBS, `
local key = K.ticket(A[1])
if redis.call('EXISTS', key) == 0 then return false end
local responded = redis.call('HGET', key, 'firstRespondedAt')
save(key, { firstRespondedAt = responded or A[2], updatedAt = A[2], lastActivityAt = A[2] })
ticket_reindex(A[1])
return { redis.call('HGETALL', key), append_entry(A[1], A[3]), A[3] }
`);

/** A: ref, fromLevel, priority, nextDueAt, now, entry id. Compare-and-set on the level. */
export const escalateTicketScript = luaScript('escalateTicket', LIBS, `
local key = K.ticket(A[1])
local t = hash(key)
if not t then return { 'err', 'not_found' } end
if tonumber(t.escalationLevel) ~= tonumber(A[2]) or t.firstRespondedAt or not is_open_ticket(t.status) then
  return { 'err', 'stale' }
end
local level = tonumber(t.escalationLevel) + 1
-- lastActivityAt stays: an escalation is no requester or agent activity (merge window).
save(key, { escalationLevel = tostring(level), priority = A[3], firstResponseDueAt = A[4], updatedAt = A[5] })
local json = cjson.encode({
  id = A[6], kind = 'escalation', at = A[5], authorRole = 'system', authorName = cjson.null,
  authorId = cjson.null, text = cjson.null, chatId = cjson.null,
  data = { level = level, dueAt = A[4], priority = A[3] },
})
return { 'ok', redis.call('HGETALL', key), append_entry(A[1], json), json }
`);
