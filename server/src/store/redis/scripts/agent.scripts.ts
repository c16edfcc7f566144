import { luaScript } from './script';

// Agents, sessions and visitors: each script keeps a record and its indexes (login, online
// set, an agent's sessions) in step.

/** A: loginKey, agentId, then the agent's hash pairs. 1, or 0 when the login is taken. */
export const createAgentScript = luaScript('createAgent', [], `
if redis.call('EXISTS', K.login(A[1])) == 1 then return 0 end
redis.call('SET', K.login(A[1]), A[2])
local fields = {}
for i = 3, #A do fields[#fields + 1] = A[i] end
redis.call('HSET', K.agent(A[2]), unpack(fields))
redis.call('SADD', K.agents, A[2])
return 1
`);

/** A: agentId, number of pairs to set, the pairs, then fields to delete (null). The agent or nil. */
export const patchAgentScript = luaScript('patchAgent', [], `
local key = K.agent(A[1])
if redis.call('EXISTS', key) == 0 then return false end
local last = 2 + 2 * tonumber(A[2])
local fields = {}
for i = 3, last do fields[#fields + 1] = A[i] end
if #fields > 0 then redis.call('HSET', key, unpack(fields)) end
for i = last + 1, #A do redis.call('HDEL', key, A[i]) end
return redis.call('HGETALL', key)
`);

/** A: agentId, status. The agent or nil; keeps the online set in step. */
export const setAgentStatusScript = luaScript('setAgentStatus', [], `
local key = K.agent(A[1])
if redis.call('EXISTS', key) == 0 then return false end
redis.call('HSET', key, 'status', A[2])
if A[2] == 'online' then redis.call('SADD', K.onlineAgents, A[1])
else redis.call('SREM', K.onlineAgents, A[1]) end
return redis.call('HGETALL', key)
`);

// Deletes the sessions listed for an agent (only those still theirs) and the list itself.
const DELETE_SESSIONS = `
local function delete_sessions(agent_id)
  for _, token in ipairs(redis.call('SMEMBERS', K.agentSessions(agent_id))) do
    if redis.call('HGET', K.session(token), 'agentId') == agent_id then redis.call('DEL', K.session(token)) end
  end
  redis.call('DEL', K.agentSessions(agent_id))
end
`;

/** A: agentId. 1 when deleted; the sessions go too, the agent's chats stay. */
export const deleteAgentScript = luaScript('deleteAgent', [DELETE_SESSIONS], `
delete_sessions(A[1])
local key = K.agent(A[1])
local login_key = redis.call('HGET', key, 'loginKey')
if not login_key then return 0 end
if redis.call('GET', K.login(login_key)) == A[1] then redis.call('DEL', K.login(login_key)) end
redis.call('DEL', key)
redis.call('SREM', K.agents, A[1])
redis.call('SREM', K.onlineAgents, A[1])
return 1
`);

/** A: agentId. Deletes every session of the agent. */
export const deleteSessionsOfAgentScript = luaScript('deleteSessionsOfAgent', [DELETE_SESSIONS], `
delete_sessions(A[1])
return 1
`);

/**
 * A: tokenHash, agentId, createdAt, expiresAt, expireAtMs ('' for none). The TTL only
 * collects sessions long expired; expiry itself is judged against the caller's clock.
 */
export const createSessionScript = luaScript('createSession', [], `
local key = K.session(A[1])
local previous = redis.call('HGET', key, 'agentId')
if previous then redis.call('SREM', K.agentSessions(previous), A[1]) end
redis.call('DEL', key)
redis.call('HSET', key, 'tokenHash', A[1], 'agentId', A[2], 'createdAt', A[3], 'expiresAt', A[4])
if A[5] ~= '' then redis.call('PEXPIREAT', key, A[5]) end
-- Forget index entries whose session Redis has already collected.
for _, token in ipairs(redis.call('SMEMBERS', K.agentSessions(A[2]))) do
  if redis.call('EXISTS', K.session(token)) == 0 then redis.call('SREM', K.agentSessions(A[2]), token) end
end
redis.call('SADD', K.agentSessions(A[2]), A[1])
return 1
`);

/** A: tokenHash. Deletes one session and its index entry. */
export const deleteSessionScript = luaScript('deleteSession', [], `
local agent_id = redis.call('HGET', K.session(A[1]), 'agentId')
redis.call('DEL', K.session(A[1]))
if agent_id then redis.call('SREM', K.agentSessions(agent_id), A[1]) end
return 1
`);

/** A: tokenHash, visitorId, createdAt. Refuses a token hash already stored (a unique key). */
export const createVisitorScript = luaScript('createVisitor', [], `
if redis.call('EXISTS', K.visitor(A[1])) == 1 then error('visitor token hash already stored') end
redis.call('HSET', K.visitor(A[1]), 'id', A[2], 'tokenHash', A[1], 'createdAt', A[3])
return 1
`);
