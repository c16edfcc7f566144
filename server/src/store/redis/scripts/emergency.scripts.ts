import { COMMON_LIB } from './lib';
import { luaScript } from './script';

// Emergencies (rule 7). The checks and the insert are one script, so neither "one per
// ticket" nor the per-requester limit can be overrun by concurrent raises on any node.

/**
 * A: ticketRef, visitorId, perRequesterLimit, windowSince, emergencyId, now, then the
 * emergency's own hash pairs. Refuses with the first failing check, in the documented order.
 */
export const createEmergencyScript = luaScript('createEmergency', [COMMON_LIB], `
local t = hash(K.ticket(A[1]))
if not t then return { 'err', 'ticket_not_found' } end
if not json_has(t.visitorIds, A[2]) then return { 'err', 'not_requester' } end
if t.category ~= 'outage' then return { 'err', 'not_outage' } end
if not is_open_ticket(t.status) then return { 'err', 'ticket_closed' } end
if redis.call('EXISTS', K.ticketEmergency(A[1])) == 1 then return { 'err', 'already_raised' } end
-- Members are "<createdAt> <id>": every member >= "[since" was created at or after since.
local raised = redis.call('ZLEXCOUNT', K.requesterEmergencies(t.requesterKey), '[' .. A[4], '+')
if raised >= tonumber(A[3]) then return { 'err', 'limit_reached' } end
local serial = redis.call('INCR', K.emergencySerial)
local fields = {
  'ticketRef', A[1], 'requesterEmail', t.requesterEmail, 'requesterKey', t.requesterKey, 'n', serial,
}
for i = 7, #A do fields[#fields + 1] = A[i] end
redis.call('HSET', K.emergency(A[5]), unpack(fields))
redis.call('SET', K.ticketEmergency(A[1]), A[5])
redis.call('ZADD', K.requesterEmergencies(t.requesterKey), 0, A[6] .. ' ' .. A[5])
redis.call('ZADD', K.emergencies, 0, A[6] .. ' ' .. string.format('%012d', serial) .. ' ' .. A[5])
return { 'ok', redis.call('HGETALL', K.emergency(A[5])), redis.call('HGETALL', K.ticket(A[1])) }
`);

/** A: emergencyId, markedBy, now. Marks once; answers the emergency, or nil when unknown. */
export const markAbuseScript = luaScript('markAbuse', [], `
local key = K.emergency(A[1])
local abuse = redis.call('HGET', key, 'abuse')
if not abuse then return false end
if abuse == '0' then redis.call('HSET', key, 'abuse', '1', 'abuseMarkedBy', A[2], 'abuseMarkedAt', A[3]) end
return redis.call('HGETALL', key)
`);

/** A: lexical lower bound ('-' or '[<since>'), limit. The newest emergencies first. */
export const listEmergenciesScript = luaScript('listEmergencies', [], `
local out = {}
for _, member in ipairs(redis.call('ZRANGE', K.emergencies, '+', A[1], 'BYLEX', 'REV', 'LIMIT', 0, A[2])) do
  local emergency = redis.call('HGETALL', K.emergency(string.match(member, '([^ ]+)$')))
  if #emergency > 0 then out[#out + 1] = emergency end
end
return out
`);
