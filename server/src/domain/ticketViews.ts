import type { Message, TicketHistoryEntry, TicketView } from '@besoin/shared';
import type { TicketEntryRecord, TicketRecord } from '../store/store';

/** The wire view of a ticket. */
export function ticketView(t: TicketRecord): TicketView {
  const view: TicketView = {
    ref: t.ref,
    subject: t.subject,
    department: t.department,
    category: t.category,
    priority: t.priority,
    urgent: t.urgent,
    status: t.status,
    requester: { name: t.requesterName, email: t.requesterEmail },
    source: t.source,
    chatIds: t.chatIds,
    firstResponseDueAt: t.firstResponseDueAt,
    escalationLevel: t.escalationLevel,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
  if (t.assigneeId) view.assigneeId = t.assigneeId;
  if (t.firstRespondedAt) view.firstRespondedAt = t.firstRespondedAt;
  return view;
}

/** The wire view of a history entry; transcript entries carry their chat's messages. */
export function historyEntryView(e: TicketEntryRecord, messages?: Message[]): TicketHistoryEntry {
  const view: TicketHistoryEntry = { id: e.id, kind: e.kind, at: e.at };
  if (e.authorRole && e.authorName) view.author = { role: e.authorRole, name: e.authorName, ...(e.authorId ? { id: e.authorId } : {}) };
  if (e.text !== null) view.text = e.text;
  if (e.chatId) view.chatId = e.chatId;
  if (messages) view.messages = messages;
  if (e.data) view.data = e.data;
  return view;
}
