import { DEPARTMENTS } from '@besoin/shared';
import type {
  AgentStatus, AuthorRole, Category, ChatStatus, Department, Locale, Priority, Role,
} from '@besoin/shared';
import type {
  AgentRecord, ChatRecord, MessageRecord, SessionRecord, VisitorRecord,
} from '../store';

// Rows as SQLite returns them (snake_case, booleans as 0/1) and their mapping to records.
// The enum casts are safe because every enum column carries a CHECK constraint.

/** A row of `agents`. */
export interface AgentRow {
  id: string;
  login: string;
  login_key: string;
  name: string;
  role: string;
  departments: string;
  max_chats: number | null;
  password_hash: string;
  status: string;
  last_assigned_at: string | null;
  created_at: string;
}

/** A row of `sessions`. */
export interface SessionRow {
  token_hash: string;
  agent_id: string;
  created_at: string;
  expires_at: string;
}

/** A row of `visitors`. */
export interface VisitorRow {
  id: string;
  token_hash: string;
  created_at: string;
}

/** A row of `chats`. */
export interface ChatRow {
  id: string;
  visitor_id: string;
  status: string;
  department: string;
  subject: string;
  visitor_name: string;
  visitor_email: string;
  urgent: number;
  priority: string;
  locale: string | null;
  page_url: string | null;
  agent_id: string | null;
  agent_name: string | null;
  last_seq: number;
  message_count: number;
  queued_at: string;
  requeued: number;
  first_assigned_at: string | null;
  assigned_at: string | null;
  ended_at: string | null;
  ticket_ref: string | null;
  created_at: string;
  answered_at: string | null;
  last_visitor_message_at: string | null;
  last_agent_message_at: string | null;
  long_at: string | null;
  category: string;
  ticket_merged: number;
}

/** A row of `messages`. */
export interface MessageRow {
  id: string;
  chat_id: string;
  seq: number;
  client_message_id: string | null;
  author_role: string;
  author_name: string;
  author_id: string | null;
  text: string;
  internal: number;
  created_at: string;
}

const KNOWN_DEPARTMENTS: readonly string[] = DEPARTMENTS;

function isDepartment(value: unknown): value is Department {
  return typeof value === 'string' && KNOWN_DEPARTMENTS.includes(value);
}

/** Serialises an agent's departments for the `departments` column. */
export function departmentsToText(departments: readonly Department[]): string {
  return JSON.stringify(departments);
}

/** Parses the `departments` column; a corrupt value is an error, not an empty list. */
export function departmentsFromText(text: string): Department[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every(isDepartment)) {
    throw new Error(`corrupt agents.departments value: ${text}`);
  }
  return parsed;
}

/** Maps an `agents` row to an {@link AgentRecord}. */
export function toAgent(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    role: row.role as Role,
    departments: departmentsFromText(row.departments),
    maxChats: row.max_chats,
    passwordHash: row.password_hash,
    status: row.status as AgentStatus,
    lastAssignedAt: row.last_assigned_at,
    createdAt: row.created_at,
  };
}

/** Maps a `sessions` row to a {@link SessionRecord}. */
export function toSession(row: SessionRow): SessionRecord {
  return {
    tokenHash: row.token_hash,
    agentId: row.agent_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** Maps a `visitors` row to a {@link VisitorRecord}. */
export function toVisitor(row: VisitorRow): VisitorRecord {
  return { id: row.id, tokenHash: row.token_hash, createdAt: row.created_at };
}

/** Maps a `chats` row to a {@link ChatRecord}. */
export function toChat(row: ChatRow): ChatRecord {
  return {
    id: row.id,
    visitorId: row.visitor_id,
    status: row.status as ChatStatus,
    department: row.department as Department,
    subject: row.subject,
    visitorName: row.visitor_name,
    visitorEmail: row.visitor_email,
    urgent: row.urgent === 1,
    priority: row.priority as Priority,
    locale: row.locale as Locale | null,
    pageUrl: row.page_url,
    agentId: row.agent_id,
    agentName: row.agent_name,
    lastSeq: row.last_seq,
    messageCount: row.message_count,
    queuedAt: row.queued_at,
    requeued: row.requeued === 1,
    firstAssignedAt: row.first_assigned_at,
    assignedAt: row.assigned_at,
    endedAt: row.ended_at,
    ticketRef: row.ticket_ref,
    createdAt: row.created_at,
    answeredAt: row.answered_at,
    lastVisitorMessageAt: row.last_visitor_message_at,
    lastAgentMessageAt: row.last_agent_message_at,
    longAt: row.long_at,
    category: row.category as Category,
    ticketMerged: row.ticket_merged === 1,
  };
}

/** Maps a `messages` row to a {@link MessageRecord}. */
export function toMessage(row: MessageRow): MessageRecord {
  return {
    id: row.id,
    chatId: row.chat_id,
    seq: row.seq,
    clientMessageId: row.client_message_id,
    authorRole: row.author_role as AuthorRole,
    authorName: row.author_name,
    authorId: row.author_id,
    text: row.text,
    internal: row.internal === 1,
    createdAt: row.created_at,
  };
}

/** The inverse of {@link toChat}, for INSERT/UPDATE with named parameters. */
export function fromChat(chat: ChatRecord): ChatRow {
  return {
    id: chat.id,
    visitor_id: chat.visitorId,
    status: chat.status,
    department: chat.department,
    subject: chat.subject,
    visitor_name: chat.visitorName,
    visitor_email: chat.visitorEmail,
    urgent: chat.urgent ? 1 : 0,
    priority: chat.priority,
    locale: chat.locale,
    page_url: chat.pageUrl,
    agent_id: chat.agentId,
    agent_name: chat.agentName,
    last_seq: chat.lastSeq,
    message_count: chat.messageCount,
    queued_at: chat.queuedAt,
    requeued: chat.requeued ? 1 : 0,
    first_assigned_at: chat.firstAssignedAt,
    assigned_at: chat.assignedAt,
    ended_at: chat.endedAt,
    ticket_ref: chat.ticketRef,
    created_at: chat.createdAt,
    answered_at: chat.answeredAt,
    last_visitor_message_at: chat.lastVisitorMessageAt,
    last_agent_message_at: chat.lastAgentMessageAt,
    long_at: chat.longAt,
    category: chat.category,
    ticket_merged: chat.ticketMerged ? 1 : 0,
  };
}

/** The inverse of {@link toMessage}, for INSERT with named parameters. */
export function fromMessage(message: MessageRecord): MessageRow {
  return {
    id: message.id,
    chat_id: message.chatId,
    seq: message.seq,
    client_message_id: message.clientMessageId,
    author_role: message.authorRole,
    author_name: message.authorName,
    author_id: message.authorId,
    text: message.text,
    internal: message.internal ? 1 : 0,
    created_at: message.createdAt,
  };
}

/** The inverse of {@link toAgent}, for INSERT/UPDATE with named parameters. */
export function fromAgent(agent: AgentRecord): AgentRow {
  return {
    id: agent.id,
    login: agent.login,
    login_key: loginKey(agent.login),
    name: agent.name,
    role: agent.role,
    departments: departmentsToText(agent.departments),
    max_chats: agent.maxChats,
    password_hash: agent.passwordHash,
    status: agent.status,
    last_assigned_at: agent.lastAssignedAt,
    created_at: agent.createdAt,
  };
}

/** The case-insensitive identity of a login (Unicode-aware, unlike SQLite's NOCASE). */
export function loginKey(login: string): string {
  return login.normalize('NFC').toLowerCase();
}
