import type { Department } from '@besoin/shared';

// Every Redis key of the store, under one prefix. Each key family has its own fixed name and
// the variable part (an id, a ref, an e-mail key) comes last, so that a caller-supplied id
// such as "abc:messages" can never reach a key of another family (and another type).
// LUA_KEYS below builds the same names inside the scripts: edit both together.

/** The key names of one store instance, all under `prefix`. */
export function keyspace(prefix: string) {
  return {
    /** hash: an AgentRecord (+ loginKey). */
    agent: (id: string) => `${prefix}agent:${id}`,
    /** set: ids of the agent's active chats; SCARD is the agent's load (slot counter). */
    agentChats: (id: string) => `${prefix}agent-chats:${id}`,
    /** set: token hashes of the agent's sessions. */
    agentSessions: (id: string) => `${prefix}agent-sessions:${id}`,
    /** set: every agent id. */
    agents: `${prefix}agents`,
    /** set: ids of the agents whose stored status is `online`. */
    onlineAgents: `${prefix}agents-online`,
    /** string: the agent id owning a login key (unique logins). */
    login: (loginKey: string) => `${prefix}login:${loginKey}`,
    /** hash: a SessionRecord. */
    session: (tokenHash: string) => `${prefix}session:${tokenHash}`,
    /** hash: a VisitorRecord, found by its token hash. */
    visitor: (tokenHash: string) => `${prefix}visitor:${tokenHash}`,
    /** string: id of the visitor's open (queued or active) chat. */
    visitorChat: (visitorId: string) => `${prefix}visitor-chat:${visitorId}`,
    /** hash: a ChatRecord (+ n, its creation serial). */
    chat: (id: string) => `${prefix}chat:${id}`,
    /** list: the chat's messages as JSON without seq; seq = index + 1. */
    messages: (chatId: string) => `${prefix}chat-messages:${chatId}`,
    /** hash: clientMessageId -> seq (de-duplication). */
    clientIds: (chatId: string) => `${prefix}chat-client-ids:${chatId}`,
    /** set: ids of every active chat. */
    activeChats: `${prefix}chats-active`,
    /** zset (all scores 0, lexical order): queued chats of a department in queue order. */
    queue: (department: Department) => `${prefix}queue:${department}`,
    /** zset (lexical): "<queuedAt> <chatId>" of the department's queued chats (oldest first). */
    queueAge: (department: Department) => `${prefix}queue-age:${department}`,
    /** hash: a TicketRecord (+ requesterKey, n); chatIds and visitorIds as JSON arrays. */
    ticket: (ref: string) => `${prefix}ticket:${ref}`,
    /** list: the ticket's entries as JSON without position; position = index + 1. */
    entries: (ref: string) => `${prefix}ticket-entries:${ref}`,
    /** set: every ticket ref. */
    tickets: `${prefix}tickets`,
    /** set: refs of open or pending tickets not yet responded to (the SLA sweep's input). */
    waitingTickets: `${prefix}tickets-waiting`,
    /** hash: an EmergencyRecord (+ requesterKey, n). */
    emergency: (id: string) => `${prefix}emergency:${id}`,
    /** zset (lexical): "<createdAt> <serial> <id>" of every emergency. */
    emergencies: `${prefix}emergencies`,
  };
}

/** The key names of one store. */
export type Keys = ReturnType<typeof keyspace>;

/**
 * The same names for the Lua scripts, plus the keys only scripts touch. `P` is the prefix
 * (ARGV[1] of every script): keys are derived inside the scripts because several depend on
 * what the script reads (a chat's department or agent), so the store targets a standalone
 * Redis (or Sentinel), not Redis Cluster.
 */
export const LUA_KEYS = `
local K = {}
K.agent = function(id) return P .. 'agent:' .. id end
K.agentChats = function(id) return P .. 'agent-chats:' .. id end
K.agentSessions = function(id) return P .. 'agent-sessions:' .. id end
K.agents = P .. 'agents'
K.onlineAgents = P .. 'agents-online'
K.login = function(key) return P .. 'login:' .. key end
K.session = function(hash) return P .. 'session:' .. hash end
K.visitor = function(hash) return P .. 'visitor:' .. hash end
K.visitorChat = function(id) return P .. 'visitor-chat:' .. id end
K.chat = function(id) return P .. 'chat:' .. id end
K.messages = function(id) return P .. 'chat-messages:' .. id end
K.clientIds = function(id) return P .. 'chat-client-ids:' .. id end
K.activeChats = P .. 'chats-active'
K.chatSerial = P .. 'chats-serial'
K.queue = function(department) return P .. 'queue:' .. department end
K.queueAge = function(department) return P .. 'queue-age:' .. department end
K.ticket = function(ref) return P .. 'ticket:' .. ref end
K.entries = function(ref) return P .. 'ticket-entries:' .. ref end
K.transcripts = function(ref) return P .. 'ticket-transcripts:' .. ref end
K.ticketEmergency = function(ref) return P .. 'ticket-emergency:' .. ref end
K.tickets = P .. 'tickets'
K.waitingTickets = P .. 'tickets-waiting'
K.ticketSerial = P .. 'tickets-serial'
K.ticketCounter = function(year) return P .. 'ticket-counter:' .. year end
K.requesterTickets = function(department, key) return P .. 'tickets-of:' .. department .. ':' .. key end
K.emergency = function(id) return P .. 'emergency:' .. id end
K.emergencies = P .. 'emergencies'
K.emergencySerial = P .. 'emergencies-serial'
K.requesterEmergencies = function(key) return P .. 'emergencies-of:' .. key end
`;
