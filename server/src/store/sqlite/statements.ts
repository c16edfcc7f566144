import type Database from 'better-sqlite3';
import type {
  AgentRow, ChatRow, MessageRow, SessionRow, VisitorRow,
} from './rows';
import { prepareEmergencyStatements } from './emergency.statements';
import { prepareTicketStatements } from './ticket.statements';

/** The columns a new message changes on its chat. */
export type ChatAfterMessage = Pick<ChatRow, 'id' | 'last_seq' | 'message_count' | 'answered_at' | 'last_visitor_message_at' | 'last_agent_message_at'>;

// Every SQL statement of the store, prepared once per connection (preparing is the costly
// part of a query; a prepared statement is reused by every call).

const CHAT_COLUMNS = `id, visitor_id, status, department, subject, visitor_name, visitor_email,
  urgent, priority, locale, page_url, agent_id, agent_name, last_seq, message_count, queued_at,
  requeued, first_assigned_at, assigned_at, ended_at, ticket_ref, created_at, answered_at,
  last_visitor_message_at, last_agent_message_at, long_at, category, ticket_merged`;

const CHAT_VALUES = `@id, @visitor_id, @status, @department, @subject, @visitor_name,
  @visitor_email, @urgent, @priority, @locale, @page_url, @agent_id, @agent_name, @last_seq,
  @message_count, @queued_at, @requeued, @first_assigned_at, @assigned_at, @ended_at,
  @ticket_ref, @created_at, @answered_at, @last_visitor_message_at, @last_agent_message_at,
  @long_at, @category, @ticket_merged`;

// Queue order (DESIGN §5): re-queued chats first, then priority, then time in the queue;
// rowid (insertion order) makes ties deterministic.
const QUEUE_ORDER = `requeued DESC,
  CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END,
  queued_at, created_at, rowid`;

const RANK = (t: string) =>
  `CASE ${t}.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;

/** Prepares the store's statements on `db`. */
export function prepareStatements(db: Database.Database) {
  return {
    ...prepareTicketStatements(db),
    ...prepareEmergencyStatements(db),
    ping: db.prepare<[], { ok: number }>('SELECT 1 AS ok'),

    insertAgent: db.prepare<AgentRow>(`INSERT INTO agents (id, login, login_key, name, role,
      departments, max_chats, password_hash, status, last_assigned_at, created_at)
      VALUES (@id, @login, @login_key, @name, @role, @departments, @max_chats, @password_hash,
      @status, @last_assigned_at, @created_at)`),
    updateAgent: db.prepare<AgentRow>(`UPDATE agents SET name = @name, role = @role,
      departments = @departments, max_chats = @max_chats, password_hash = @password_hash,
      status = @status, last_assigned_at = @last_assigned_at WHERE id = @id`),
    agentById: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?'),
    agentByLoginKey: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE login_key = ?'),
    listAgents: db.prepare<[], AgentRow>('SELECT * FROM agents ORDER BY created_at, login_key'),
    setAgentStatus: db.prepare<[string, string]>('UPDATE agents SET status = ? WHERE id = ?'),
    setAgentLastAssigned: db.prepare<[string, string]>(
      'UPDATE agents SET last_assigned_at = ? WHERE id = ?',
    ),
    deleteAgent: db.prepare<[string]>('DELETE FROM agents WHERE id = ?'),

    insertSession: db.prepare<SessionRow>(`INSERT INTO sessions (token_hash, agent_id,
      created_at, expires_at) VALUES (@token_hash, @agent_id, @created_at, @expires_at)`),
    sessionByHash: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?'),
    deleteSessionsOfAgent: db.prepare<[string]>('DELETE FROM sessions WHERE agent_id = ?'),

    insertVisitor: db.prepare<VisitorRow>(`INSERT INTO visitors (id, token_hash, created_at)
      VALUES (@id, @token_hash, @created_at)`),
    visitorByHash: db.prepare<[string], VisitorRow>('SELECT * FROM visitors WHERE token_hash = ?'),

    insertChat: db.prepare<ChatRow>(`INSERT INTO chats (${CHAT_COLUMNS}) VALUES (${CHAT_VALUES})`),
    // Rewrites every mutable column: the transactions compute the new record in TypeScript.
    updateChat: db.prepare<ChatRow>(`UPDATE chats SET status = @status, department = @department,
      agent_id = @agent_id, agent_name = @agent_name, last_seq = @last_seq,
      message_count = @message_count, queued_at = @queued_at, requeued = @requeued,
      first_assigned_at = @first_assigned_at, assigned_at = @assigned_at, ended_at = @ended_at,
      ticket_ref = @ticket_ref, answered_at = @answered_at,
      last_visitor_message_at = @last_visitor_message_at,
      last_agent_message_at = @last_agent_message_at, long_at = @long_at,
      ticket_merged = @ticket_merged WHERE id = @id`),
    // What a new message changes (appendMessageTx): only these columns, so that no index on
    // status, agent or queue and no trigger on status or agent is touched per message.
    updateChatAfterMessage: db.prepare<ChatAfterMessage>(`UPDATE chats SET last_seq = @last_seq,
      message_count = @message_count, answered_at = @answered_at,
      last_visitor_message_at = @last_visitor_message_at,
      last_agent_message_at = @last_agent_message_at WHERE id = @id`),
    chatById: db.prepare<[string], ChatRow>(`SELECT ${CHAT_COLUMNS} FROM chats WHERE id = ?`),
    openChatOfVisitor: db.prepare<[string], ChatRow>(`SELECT ${CHAT_COLUMNS} FROM chats
      WHERE visitor_id = ? AND status IN ('queued', 'active') LIMIT 1`),
    activeChatsOfAgent: db.prepare<[string], ChatRow>(`SELECT ${CHAT_COLUMNS} FROM chats
      WHERE agent_id = ? AND status = 'active' ORDER BY assigned_at, created_at, rowid`),
    chatsAwaitingAnswer: db.prepare<[string], ChatRow>(`SELECT ${CHAT_COLUMNS} FROM chats
      WHERE status = 'active' AND answered_at IS NULL AND assigned_at <= ? ORDER BY assigned_at`),
    chatsIdleSince: db.prepare<[string], ChatRow>(`SELECT ${CHAT_COLUMNS} FROM chats
      WHERE status = 'active' AND last_agent_message_at <= ?
      AND (last_visitor_message_at IS NULL OR last_visitor_message_at < last_agent_message_at)
      ORDER BY last_agent_message_at`),
    longChatCandidates: db.prepare<[string, string], ChatRow>(`SELECT ${CHAT_COLUMNS} FROM chats
      WHERE status = 'active' AND ((long_at IS NULL AND first_assigned_at <= ?) OR first_assigned_at <= ?)
      ORDER BY first_assigned_at`),
    allActiveChats: db.prepare<[], ChatRow>(`SELECT ${CHAT_COLUMNS} FROM chats
      WHERE status = 'active' ORDER BY assigned_at, created_at, rowid`),
    countActiveChats: db.prepare<[string], { n: number }>(
      `SELECT count(*) AS n FROM chats WHERE agent_id = ? AND status = 'active'`,
    ),
    queuedChats: db.prepare<[], ChatRow>(`SELECT ${CHAT_COLUMNS} FROM chats
      WHERE status = 'queued' ORDER BY ${QUEUE_ORDER}`),
    queuedChatsOfDepartment: db.prepare<[string, number, number], ChatRow>(`SELECT ${CHAT_COLUMNS} FROM chats
      WHERE status = 'queued' AND department = ? ORDER BY ${QUEUE_ORDER} LIMIT ? OFFSET ?`),
    queueStats: db.prepare<[string], { waiting: number; oldest: string | null }>(`SELECT count(*) AS waiting,
      min(queued_at) AS oldest FROM chats WHERE status = 'queued' AND department = ?`),
    // 1-based position: the chats of the same department that come before this one in queue order.
    queuePosition: db.prepare<[string], { position: number }>(`SELECT 1 + count(*) AS position FROM chats o, chats c
      WHERE c.id = ? AND c.status = 'queued' AND o.status = 'queued' AND o.department = c.department
      AND (-o.requeued, ${RANK('o')}, o.queued_at, o.created_at, o.rowid)
        < (-c.requeued, ${RANK('c')}, c.queued_at, c.created_at, c.rowid)`),
    onlineAgentLoads: db.prepare<[], AgentRow & { active_chats: number }>(`SELECT * FROM agents
      WHERE status = 'online' ORDER BY created_at, login_key`),
    // The same, keeping only agents below their capacity: SQLite filters on the maintained
    // counter, so that a routing pass maps a handful of rows even with a thousand agents online.
    onlineAgentLoadsWithRoom: db.prepare<[number], AgentRow & { active_chats: number }>(`SELECT * FROM agents
      WHERE status = 'online' AND active_chats < coalesce(max_chats, ?) ORDER BY created_at, login_key`),

    insertMessage: db.prepare<MessageRow>(`INSERT INTO messages (id, chat_id, seq,
      client_message_id, author_role, author_name, author_id, text, internal, created_at)
      VALUES (@id, @chat_id, @seq, @client_message_id, @author_role, @author_name, @author_id,
      @text, @internal, @created_at)`),
    messageByClientId: db.prepare<[string, string], MessageRow>(
      'SELECT * FROM messages WHERE chat_id = ? AND client_message_id = ?',
    ),
    messagesAfter: db.prepare<[string, number], MessageRow>(
      'SELECT * FROM messages WHERE chat_id = ? AND seq > ? ORDER BY seq',
    ),
    publicMessagesAfter: db.prepare<[string, number], MessageRow>(
      'SELECT * FROM messages WHERE chat_id = ? AND seq > ? AND internal = 0 ORDER BY seq',
    ),
  };
}

/** The prepared statements of one store instance. */
export type Statements = ReturnType<typeof prepareStatements>;
