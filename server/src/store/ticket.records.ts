import type {
  AuthorRole, Category, Department, Priority, TicketStatus,
} from '@besoin/shared';

// Ticket records and the argument and result shapes of the Store's ticket operations
// (re-exported by store.ts, which is where callers import them from).

/** Where a ticket came from. */
export type TicketSource = 'chat' | 'form' | 'complaint';

/** What a ticket history entry records. */
export type TicketEntryKind =
  | 'created' | 'transcript' | 'reply' | 'escalation' | 'status' | 'priority' | 'assignee' | 'merged';

/** Who did something to a ticket. */
export interface TicketActor {
  role: AuthorRole;
  name: string;
  id: string | null;
}

/** A stored ticket. `ref` (e.g. `TCK-2026-000123`) is its public, unique, upper-case key. */
export interface TicketRecord {
  id: string;
  ref: string;
  subject: string;
  department: Department;
  category: Category;
  priority: Priority;
  urgent: boolean;
  status: TicketStatus;
  requesterName: string;
  requesterEmail: string;
  source: TicketSource;
  /** Chats converted into this ticket, in order. */
  chatIds: string[];
  /** Visitor identities that created the ticket or were merged into it (emergency rights). */
  visitorIds: string[];
  assigneeId: string | null;
  firstResponseDueAt: string;
  firstRespondedAt: string | null;
  /** Missed first-response windows so far. */
  escalationLevel: number;
  createdAt: string;
  updatedAt: string;
  /** Last requester or agent activity; the merge window (rule 2) counts from it. */
  lastActivityAt: string;
}

/** One line of a ticket's history; `position` is 1, 2, 3 … per ticket, gap-free. */
export interface TicketEntryRecord {
  id: string;
  ticketRef: string;
  position: number;
  kind: TicketEntryKind;
  at: string;
  authorRole: AuthorRole | null;
  authorName: string | null;
  authorId: string | null;
  text: string | null;
  chatId: string | null;
  data: Record<string, unknown> | null;
}

/** A ticket to create (or to merge into an open one, rule 2). */
export interface NewTicket {
  subject: string;
  department: Department;
  category: Category;
  priority: Priority;
  urgent: boolean;
  requesterName: string;
  requesterEmail: string;
  source: TicketSource;
  visitorId: string | null;
  firstResponseDueAt: string;
  /** The form's message, or null for a conversion. */
  text: string | null;
  author: TicketActor;
}

/** Merge settings: `dedupeSince` null disables merging (rule 2 window start otherwise). */
export interface TicketDedupeOptions {
  dedupeSince: string | null;
}

/** Outcome of {@link Store.createTicket}; `entry` is the 'created' or 'merged' entry. */
export interface CreateTicketResult {
  ticket: TicketRecord;
  merged: boolean;
  entry: TicketEntryRecord;
}

/**
 * First-response SLA state of an open or pending ticket not yet responded to: `breached` when
 * escalated at least once or due at or before `now`; `at_risk` when never escalated and due
 * after `now` but at most `atRiskWithinMs` later.
 */
export type TicketSlaFilter = 'breached' | 'at_risk';

/** Filter and page of {@link Store.listTickets}; absent fields do not filter. */
export interface TicketFilter {
  status?: TicketStatus;
  priority?: Priority;
  department?: Department;
  category?: Category;
  assigneeId?: string;
  /** Tickets whose visitorIds include this visitor (a visitor's own tickets). */
  visitorId?: string;
  /** SLA state; requires `now` (and `atRiskWithinMs` for `at_risk`), else listTickets rejects. */
  sla?: TicketSlaFilter;
  /** The instant the SLA state is judged at (ISO); used only with `sla`. */
  now?: string;
  /** How soon a due time counts as at risk; used only with `sla: 'at_risk'`. */
  atRiskWithinMs?: number;
  /** Case-insensitive literal substring of subject, requester, entry texts or chat messages. */
  q?: string;
  limit: number;
  offset: number;
}

/** Outcome of {@link Store.linkChatToTicket}; `changed` is false when the chat was already linked. */
export type LinkChatToTicketResult =
  | { ok: true; ticket: TicketRecord; entry: TicketEntryRecord; changed: boolean }
  | { ok: false; reason: 'ticket_not_found' | 'chat_not_found' };

/** Fields of {@link Store.updateTicket}; absent fields are left as they are. */
export interface TicketPatch {
  status?: TicketStatus;
  priority?: Priority;
  assigneeId?: string | null;
}

/** An agent's reply to a ticket. */
export interface TicketReply {
  authorRole: 'agent';
  authorName: string;
  authorId: string | null;
  text: string;
}

/** One escalation step, applied only from `fromLevel` (compare-and-set). */
export interface TicketEscalation {
  fromLevel: number;
  priority: Priority;
  nextDueAt: string;
}

/** Outcome of {@link Store.escalateTicket}. */
export type EscalateTicketResult =
  | { ok: true; ticket: TicketRecord; entry: TicketEntryRecord }
  | { ok: false; reason: 'not_found' | 'stale' };
