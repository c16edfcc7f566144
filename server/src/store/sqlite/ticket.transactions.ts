import { randomUUID } from 'node:crypto';
import type { AuthorRole } from '@besoin/shared';
import type {
  ChatRecord, ConvertChatResult, CreateTicketResult, EscalateTicketResult, LinkChatToTicketResult,
  NewTicket, TicketActor, TicketDedupeOptions, TicketEntryKind, TicketEntryRecord, TicketPatch,
  TicketEscalation, TicketRecord, TicketReply,
} from '../store';
import {
  formatTicketRef, higherPriority, mayMerge, requesterKey, ticketYear,
} from '../ticket.rules';
import { fromChat, toChat } from './rows';
import type { Statements } from './statements';
import { fromTicket, fromTicketEntry, toTicket, toTicketEntry } from './ticket.rows';

// The bodies of the ticket operations. Each runs inside one BEGIN IMMEDIATE transaction (see
// transactions.ts): the ref counter, the merge lookup and the entry positions cannot
// interleave with another writer.

/** What an entry adds to the history; position, id and ref are filled in by appendEntry. */
interface EntryInput {
  kind: TicketEntryKind;
  author: { role: AuthorRole; name: string | null; id: string | null };
  text?: string | null;
  chatId?: string | null;
  data?: Record<string, unknown> | null;
}

/** Appends an entry at the next gap-free position of the ticket. */
function appendEntry(s: Statements, ref: string, input: EntryInput, now: string): TicketEntryRecord {
  const entry: TicketEntryRecord = {
    id: randomUUID(),
    ticketRef: ref,
    position: s.nextEntryPosition.get(ref)?.position ?? 1,
    kind: input.kind,
    at: now,
    authorRole: input.author.role,
    authorName: input.author.name,
    authorId: input.author.id,
    text: input.text ?? null,
    chatId: input.chatId ?? null,
    data: input.data ?? null,
  };
  s.insertTicketEntry.run(fromTicketEntry(entry));
  return entry;
}

function withVisitor(visitorIds: string[], visitorId: string | null): string[] {
  return visitorId === null || visitorIds.includes(visitorId) ? visitorIds : [...visitorIds, visitorId];
}

/** Create-or-merge shared by createTicket and convertChat. */
function createOrMerge(
  s: Statements, input: NewTicket, options: TicketDedupeOptions, now: string,
): CreateTicketResult {
  const candidate = mayMerge(input, options.dedupeSince)
    ? s.mergeCandidate.get({ key: requesterKey(input.requesterEmail), department: input.department, since: options.dedupeSince })
    : undefined;
  if (candidate) {
    const before = toTicket(candidate);
    // Due time and escalation level stay: merging must not reset the first-response clock.
    const ticket: TicketRecord = {
      ...before,
      priority: higherPriority(before.priority, input.priority),
      urgent: before.urgent || input.urgent,
      visitorIds: withVisitor(before.visitorIds, input.visitorId),
      updatedAt: now,
      lastActivityAt: now,
    };
    s.updateTicket.run(fromTicket(ticket));
    const entry = appendEntry(s, ticket.ref, {
      kind: 'merged', author: input.author, text: input.text, data: { subject: input.subject },
    }, now);
    return { ticket, merged: true, entry };
  }
  const number = s.nextTicketNumber.get(ticketYear(now))?.value;
  if (number === undefined) throw new Error('ticket counter returned no value');
  // Fields are copied one by one so that extra properties of `input` never leak into the record.
  const ticket: TicketRecord = {
    id: randomUUID(),
    ref: formatTicketRef(ticketYear(now), number),
    subject: input.subject,
    department: input.department,
    category: input.category,
    priority: input.priority,
    urgent: input.urgent,
    status: 'open',
    requesterName: input.requesterName,
    requesterEmail: input.requesterEmail,
    source: input.source,
    chatIds: [],
    visitorIds: withVisitor([], input.visitorId),
    assigneeId: null,
    firstResponseDueAt: input.firstResponseDueAt,
    firstRespondedAt: null,
    escalationLevel: 0,
    createdAt: now,
    updatedAt: now,
    lastActivityAt: now,
  };
  s.insertTicket.run(fromTicket(ticket));
  const entry = appendEntry(s, ticket.ref, { kind: 'created', author: input.author, text: input.text }, now);
  return { ticket, merged: false, entry };
}

/** Creates a ticket, or merges it into the requester's open one (rule 2). */
export function createTicketTx(
  s: Statements, input: NewTicket, options: TicketDedupeOptions, now: string,
): CreateTicketResult {
  return createOrMerge(s, input, options, now);
}

/** Converts an open chat into a ticket once; later calls answer the same ticket. */
export function convertChatTx(
  s: Statements, chatId: string, input: Omit<NewTicket, 'visitorId'>, options: TicketDedupeOptions,
  now: string,
): ConvertChatResult {
  const row = s.chatById.get(chatId);
  if (!row) return { ok: false, reason: 'chat_not_found' };
  const before = toChat(row);
  if (before.ticketRef !== null) {
    const existing = s.ticketByRef.get(before.ticketRef);
    if (!existing) throw new Error(`chat ${chatId} refers to missing ticket ${before.ticketRef}`);
    return { ok: true, ticket: toTicket(existing), merged: before.ticketMerged, chat: before, changed: false };
  }
  if (before.status !== 'queued' && before.status !== 'active') return { ok: false, reason: 'chat_closed' };
  const result = createOrMerge(s, { ...input, visitorId: before.visitorId }, options, now);
  const ticket: TicketRecord = {
    ...result.ticket,
    chatIds: result.ticket.chatIds.includes(chatId) ? result.ticket.chatIds : [...result.ticket.chatIds, chatId],
  };
  s.updateTicket.run(fromTicket(ticket));
  appendEntry(s, ticket.ref, { kind: 'transcript', author: input.author, chatId }, now);
  const chat: ChatRecord = {
    ...before, status: 'converted', endedAt: now, ticketRef: ticket.ref, ticketMerged: result.merged,
  };
  s.updateChat.run(fromChat(chat));
  return { ok: true, ticket, merged: result.merged, chat, changed: true };
}

/** Links a chat to a ticket once (complaints): chatIds and a 'transcript' entry; the chat is untouched. */
export function linkChatToTicketTx(
  s: Statements, ref: string, chatId: string, actor: TicketActor, now: string,
): LinkChatToTicketResult {
  const row = s.ticketByRef.get(ref);
  if (!row) return { ok: false, reason: 'ticket_not_found' };
  if (!s.chatById.get(chatId)) return { ok: false, reason: 'chat_not_found' };
  const before = toTicket(row);
  if (before.chatIds.includes(chatId)) {
    const existing = s.transcriptEntryOfChat.get(ref, chatId);
    if (!existing) throw new Error(`ticket ${ref} lists chat ${chatId} without a transcript entry`);
    return { ok: true, ticket: before, entry: toTicketEntry(existing), changed: false };
  }
  const ticket: TicketRecord = {
    ...before, chatIds: [...before.chatIds, chatId], updatedAt: now, lastActivityAt: now,
  };
  s.updateTicket.run(fromTicket(ticket));
  const entry = appendEntry(s, ref, { kind: 'transcript', author: actor, chatId }, now);
  return { ok: true, ticket, entry, changed: true };
}

/** Applies a patch with one history entry per field that really changed. */
export function updateTicketTx(
  s: Statements, ref: string, patch: TicketPatch, actor: TicketActor, now: string,
): { ticket: TicketRecord; entries: TicketEntryRecord[] } | null {
  const row = s.ticketByRef.get(ref);
  if (!row) return null;
  let ticket = toTicket(row);
  const changes: { kind: TicketEntryKind; from: unknown; to: unknown }[] = [];
  if (patch.status !== undefined && patch.status !== ticket.status) {
    changes.push({ kind: 'status', from: ticket.status, to: patch.status });
    ticket = { ...ticket, status: patch.status };
  }
  if (patch.priority !== undefined && patch.priority !== ticket.priority) {
    changes.push({ kind: 'priority', from: ticket.priority, to: patch.priority });
    ticket = { ...ticket, priority: patch.priority };
  }
  if (patch.assigneeId !== undefined && patch.assigneeId !== ticket.assigneeId) {
    changes.push({ kind: 'assignee', from: ticket.assigneeId, to: patch.assigneeId });
    ticket = { ...ticket, assigneeId: patch.assigneeId };
  }
  if (changes.length === 0) return { ticket, entries: [] };
  ticket = { ...ticket, updatedAt: now, lastActivityAt: now };
  s.updateTicket.run(fromTicket(ticket));
  const entries = changes.map(({ kind, from, to }) =>
    appendEntry(s, ref, { kind, author: actor, data: { from, to } }, now));
  return { ticket, entries };
}

/** Appends an agent reply; the first one is the ticket's first response. */
export function addTicketReplyTx(
  s: Statements, ref: string, reply: TicketReply, now: string,
): { ticket: TicketRecord; entry: TicketEntryRecord } | null {
  const row = s.ticketByRef.get(ref);
  if (!row) return null;
  const before = toTicket(row);
  const ticket: TicketRecord = {
    ...before, firstRespondedAt: before.firstRespondedAt ?? now, updatedAt: now, lastActivityAt: now,
  };
  s.updateTicket.run(fromTicket(ticket));
  const entry = appendEntry(s, ref, {
    kind: 'reply',
    author: { role: reply.authorRole, name: reply.authorName, id: reply.authorId },
    text: reply.text,
  }, now);
  return { ticket, entry };
}

/** Raises a ticket one escalation level, only from the level the caller saw (compare-and-set). */
export function escalateTicketTx(
  s: Statements, ref: string, change: TicketEscalation, now: string,
): EscalateTicketResult {
  const row = s.ticketByRef.get(ref);
  if (!row) return { ok: false, reason: 'not_found' };
  const before = toTicket(row);
  const waiting = before.status === 'open' || before.status === 'pending';
  if (before.escalationLevel !== change.fromLevel || before.firstRespondedAt !== null || !waiting) {
    return { ok: false, reason: 'stale' };
  }
  // lastActivityAt stays: an escalation is no requester or agent activity (merge window).
  const ticket: TicketRecord = {
    ...before,
    escalationLevel: before.escalationLevel + 1,
    priority: change.priority,
    firstResponseDueAt: change.nextDueAt,
    updatedAt: now,
  };
  s.updateTicket.run(fromTicket(ticket));
  const entry = appendEntry(s, ref, {
    kind: 'escalation',
    author: { role: 'system', name: null, id: null },
    data: { level: ticket.escalationLevel, dueAt: change.nextDueAt, priority: change.priority },
  }, now);
  return { ok: true, ticket, entry };
}
