import type Database from 'better-sqlite3';
import type { TicketEntryRow, TicketRow } from './ticket.rows';

// The ticket statements, prepared once per connection (merged into prepareStatements).

/** Lower-cases with JavaScript's Unicode rules (SQLite's LIKE folds ASCII only: "É" ≠ "é"). */
const FOLD = 'besoin_fold';

/** Parameters of the list and count queries; null means "no filter". */
export interface TicketQueryParams {
  status: string | null;
  priority: string | null;
  department: string | null;
  category: string | null;
  assignee_id: string | null;
  visitor_id: string | null;
  /** 'breached' | 'at_risk'; `now` (and `risk_until` for at_risk) are set with it. */
  sla: string | null;
  now: string | null;
  risk_until: string | null;
  /** A LIKE pattern over folded text, wildcards in the search text escaped with `\`. */
  pattern: string | null;
}

const MATCHES = (column: string) => `${FOLD}(${column}) LIKE @pattern ESCAPE '\\'`;

// One statement for every filter combination: an absent filter is a NULL parameter.
const TICKET_FILTER = `(@status IS NULL OR t.status = @status)
  AND (@priority IS NULL OR t.priority = @priority)
  AND (@department IS NULL OR t.department = @department)
  AND (@category IS NULL OR t.category = @category)
  AND (@assignee_id IS NULL OR t.assignee_id = @assignee_id)
  AND (@visitor_id IS NULL
    OR EXISTS (SELECT 1 FROM json_each(t.visitor_ids) v WHERE v.value = @visitor_id))
  AND (@sla IS NULL OR (t.status IN ('open', 'pending') AND t.first_responded_at IS NULL AND (
    (@sla = 'breached' AND (t.escalation_level > 0 OR t.first_response_due_at <= @now))
    OR (@sla = 'at_risk' AND t.escalation_level = 0
      AND t.first_response_due_at > @now AND t.first_response_due_at <= @risk_until))))
  AND (@pattern IS NULL
    OR ${MATCHES('t.subject')} OR ${MATCHES('t.requester_name')} OR ${MATCHES('t.requester_email')}
    OR EXISTS (SELECT 1 FROM ticket_entries e WHERE e.ticket_ref = t.ref AND ${MATCHES('e.text')})
    OR EXISTS (SELECT 1 FROM json_each(t.chat_ids) c JOIN messages m ON m.chat_id = c.value
      WHERE ${MATCHES('m.text')}))`;

/** Prepares the ticket statements on `db` (and registers the fold function they use). */
export function prepareTicketStatements(db: Database.Database) {
  db.function(FOLD, { deterministic: true }, (text: unknown) =>
    (typeof text === 'string' ? text.toLowerCase() : null));
  return {
    // Atomic per-year counter: the first ticket of a year gets 1, then 2, 3 …
    nextTicketNumber: db.prepare<[number], { value: number }>(`INSERT INTO ticket_counters (year, value)
      VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET value = value + 1 RETURNING value`),
    insertTicket: db.prepare<TicketRow>(`INSERT INTO tickets (ref, id, subject, department,
      category, priority, urgent, status, requester_name, requester_email, requester_key, source,
      chat_ids, visitor_ids, assignee_id, first_response_due_at, first_responded_at,
      escalation_level, created_at, updated_at, last_activity_at)
      VALUES (@ref, @id, @subject, @department, @category, @priority, @urgent, @status,
      @requester_name, @requester_email, @requester_key, @source, @chat_ids, @visitor_ids,
      @assignee_id, @first_response_due_at, @first_responded_at, @escalation_level, @created_at,
      @updated_at, @last_activity_at)`),
    // Rewrites every mutable column: the transactions compute the new record in TypeScript.
    updateTicket: db.prepare<TicketRow>(`UPDATE tickets SET priority = @priority,
      urgent = @urgent, status = @status, chat_ids = @chat_ids, visitor_ids = @visitor_ids,
      assignee_id = @assignee_id, first_response_due_at = @first_response_due_at,
      first_responded_at = @first_responded_at, escalation_level = @escalation_level,
      updated_at = @updated_at, last_activity_at = @last_activity_at WHERE ref = @ref`),
    ticketByRef: db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE ref = ?'),
    // Rule 2: the most recently active open ticket of the requester in the department.
    mergeCandidate: db.prepare<{ key: string; department: string; since: string }, TicketRow>(
      `SELECT * FROM tickets WHERE requester_key = @key AND department = @department
      AND status IN ('open', 'pending') AND category <> 'complaint' AND last_activity_at >= @since
      ORDER BY last_activity_at DESC, rowid DESC LIMIT 1`,
    ),
    ticketsDue: db.prepare<[string], TicketRow>(`SELECT * FROM tickets
      WHERE first_responded_at IS NULL AND status IN ('open', 'pending')
      AND first_response_due_at <= ? ORDER BY first_response_due_at, created_at, ref`),
    listTickets: db.prepare<TicketQueryParams & { limit: number; offset: number }, TicketRow>(
      `SELECT t.* FROM tickets t WHERE ${TICKET_FILTER}
      ORDER BY t.created_at DESC, t.ref DESC LIMIT @limit OFFSET @offset`,
    ),
    // The same filter for an SLA view: the most urgent first response first.
    listTicketsByDue: db.prepare<TicketQueryParams & { limit: number; offset: number }, TicketRow>(
      `SELECT t.* FROM tickets t WHERE ${TICKET_FILTER}
      ORDER BY t.first_response_due_at, t.created_at, t.ref LIMIT @limit OFFSET @offset`,
    ),
    countTickets: db.prepare<TicketQueryParams, { n: number }>(
      `SELECT count(*) AS n FROM tickets t WHERE ${TICKET_FILTER}`,
    ),

    insertTicketEntry: db.prepare<TicketEntryRow>(`INSERT INTO ticket_entries (id, ticket_ref,
      position, kind, at, author_role, author_name, author_id, text, chat_id, data)
      VALUES (@id, @ticket_ref, @position, @kind, @at, @author_role, @author_name, @author_id,
      @text, @chat_id, @data)`),
    nextEntryPosition: db.prepare<[string], { position: number }>(
      'SELECT coalesce(max(position), 0) + 1 AS position FROM ticket_entries WHERE ticket_ref = ?',
    ),
    // The entry that linked or converted a chat into the ticket (the first one if several).
    transcriptEntryOfChat: db.prepare<[string, string], TicketEntryRow>(`SELECT * FROM ticket_entries
      WHERE ticket_ref = ? AND kind = 'transcript' AND chat_id = ? ORDER BY position LIMIT 1`),
    entriesOfTicket: db.prepare<[string], TicketEntryRow>(
      'SELECT * FROM ticket_entries WHERE ticket_ref = ? ORDER BY position',
    ),
  };
}

/** Escapes LIKE wildcards so that `text` matches literally, folded as the columns are. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
