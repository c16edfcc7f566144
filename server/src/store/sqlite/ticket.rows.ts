import type { AuthorRole, Category, Department, Priority, TicketStatus } from '@besoin/shared';
import type {
  TicketEntryKind, TicketEntryRecord, TicketRecord, TicketSource,
} from '../store';
import { requesterKey } from '../ticket.rules';

// Ticket rows as SQLite returns them and their mapping to records. Enum casts are safe
// because every enum column carries a CHECK constraint; JSON columns are validated on read.

/** A row of `tickets`. */
export interface TicketRow {
  ref: string;
  id: string;
  subject: string;
  department: string;
  category: string;
  priority: string;
  urgent: number;
  status: string;
  requester_name: string;
  requester_email: string;
  requester_key: string;
  source: string;
  chat_ids: string;
  visitor_ids: string;
  assignee_id: string | null;
  first_response_due_at: string;
  first_responded_at: string | null;
  escalation_level: number;
  created_at: string;
  updated_at: string;
  last_activity_at: string;
}

/** A row of `ticket_entries`. */
export interface TicketEntryRow {
  id: string;
  ticket_ref: string;
  position: number;
  kind: string;
  at: string;
  author_role: string | null;
  author_name: string | null;
  author_id: string | null;
  text: string | null;
  chat_id: string | null;
  data: string | null;
}

function stringsFromText(column: string, text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`corrupt tickets.${column} value: ${text}`);
  }
  return parsed;
}

function dataFromText(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`corrupt ticket_entries.data value: ${text}`);
  }
  return parsed as Record<string, unknown>;
}

/** Maps a `tickets` row to a {@link TicketRecord}. */
export function toTicket(row: TicketRow): TicketRecord {
  return {
    id: row.id,
    ref: row.ref,
    subject: row.subject,
    department: row.department as Department,
    category: row.category as Category,
    priority: row.priority as Priority,
    urgent: row.urgent === 1,
    status: row.status as TicketStatus,
    requesterName: row.requester_name,
    requesterEmail: row.requester_email,
    source: row.source as TicketSource,
    chatIds: stringsFromText('chat_ids', row.chat_ids),
    visitorIds: stringsFromText('visitor_ids', row.visitor_ids),
    assigneeId: row.assignee_id,
    firstResponseDueAt: row.first_response_due_at,
    firstRespondedAt: row.first_responded_at,
    escalationLevel: row.escalation_level,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastActivityAt: row.last_activity_at,
  };
}

/** The inverse of {@link toTicket}, for INSERT/UPDATE with named parameters. */
export function fromTicket(ticket: TicketRecord): TicketRow {
  return {
    ref: ticket.ref,
    id: ticket.id,
    subject: ticket.subject,
    department: ticket.department,
    category: ticket.category,
    priority: ticket.priority,
    urgent: ticket.urgent ? 1 : 0,
    status: ticket.status,
    requester_name: ticket.requesterName,
    requester_email: ticket.requesterEmail,
    requester_key: requesterKey(ticket.requesterEmail),
    source: ticket.source,
    chat_ids: JSON.stringify(ticket.chatIds),
    visitor_ids: JSON.stringify(ticket.visitorIds),
    assignee_id: ticket.assigneeId,
    first_response_due_at: ticket.firstResponseDueAt,
    first_responded_at: ticket.firstRespondedAt,
    escalation_level: ticket.escalationLevel,
    created_at: ticket.createdAt,
    updated_at: ticket.updatedAt,
    last_activity_at: ticket.lastActivityAt,
  };
}

/** Maps a `ticket_entries` row to a {@link TicketEntryRecord}. */
export function toTicketEntry(row: TicketEntryRow): TicketEntryRecord {
  return {
    id: row.id,
    ticketRef: row.ticket_ref,
    position: row.position,
    kind: row.kind as TicketEntryKind,
    at: row.at,
    authorRole: row.author_role as AuthorRole | null,
    authorName: row.author_name,
    authorId: row.author_id,
    text: row.text,
    chatId: row.chat_id,
    data: dataFromText(row.data),
  };
}

/** The inverse of {@link toTicketEntry}, for INSERT with named parameters. */
export function fromTicketEntry(entry: TicketEntryRecord): TicketEntryRow {
  return {
    id: entry.id,
    ticket_ref: entry.ticketRef,
    position: entry.position,
    kind: entry.kind,
    at: entry.at,
    author_role: entry.authorRole,
    author_name: entry.authorName,
    author_id: entry.authorId,
    text: entry.text,
    chat_id: entry.chatId,
    data: entry.data === null ? null : JSON.stringify(entry.data),
  };
}
