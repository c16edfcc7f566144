import * as z from 'zod';
import { CATEGORIES, DEPARTMENTS, PRIORITIES, TICKET_STATUSES } from '@besoin/shared';
import type { AuthorRole } from '@besoin/shared';
import type {
  EmergencyRecord, TicketEntryKind, TicketEntryRecord, TicketRecord,
} from '../store';
import { count, flag, fromFlat, optionalText } from './codec';

// Tickets, their history entries and emergencies <-> Redis. A ticket is a hash (chatIds and
// visitorIds as JSON arrays, which the scripts extend); an entry is JSON in the ticket's entry
// list, its position being its place in that list.

const jsonStrings = z.string().transform((text, ctx) => {
  const parsed = z.array(z.string()).safeParse(JSON.parse(text));
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: 'custom', message: `corrupt id list: ${text}` });
  return z.NEVER;
});

const TicketHash = z.object({
  id: z.string(),
  ref: z.string(),
  subject: z.string(),
  department: z.enum(DEPARTMENTS),
  category: z.enum(CATEGORIES),
  priority: z.enum(PRIORITIES),
  urgent: flag,
  status: z.enum(TICKET_STATUSES),
  requesterName: z.string(),
  requesterEmail: z.string(),
  source: z.enum(['chat', 'form', 'complaint']),
  chatIds: jsonStrings,
  visitorIds: jsonStrings,
  assigneeId: optionalText,
  firstResponseDueAt: z.string(),
  firstRespondedAt: optionalText,
  escalationLevel: count,
  createdAt: z.string(),
  updatedAt: z.string(),
  lastActivityAt: z.string(),
});

/** Parses a ticket hash; null when absent. */
export function ticketFromFlat(reply: unknown): TicketRecord | null {
  const record = fromFlat(reply);
  return record ? TicketHash.parse(record) : null;
}

/** Parses a ticket hash that must exist (a script just wrote it). */
export function requireTicket(reply: unknown): TicketRecord {
  const ticket = ticketFromFlat(reply);
  if (!ticket) throw new Error('redis store: expected a ticket in the script reply');
  return ticket;
}

const KINDS = [
  'created', 'transcript', 'reply', 'escalation', 'status', 'priority', 'assignee', 'merged',
] as const satisfies readonly TicketEntryKind[];

const StoredEntry = z.object({
  id: z.string(),
  kind: z.enum(KINDS),
  at: z.string(),
  authorRole: z.enum(['visitor', 'agent', 'system']).nullable(),
  authorName: z.string().nullable(),
  authorId: z.string().nullable(),
  text: z.string().nullable(),
  chatId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});

/** What a new entry says; id, ticket ref and position are added around it. */
export interface EntryInput {
  kind: TicketEntryKind;
  author: { role: AuthorRole; name: string | null; id: string | null };
  text?: string | null;
  chatId?: string | null;
  data?: Record<string, unknown> | null;
}

/** The stored JSON of an entry: everything but ticketRef (the list's key) and position. */
export function entryToJson(id: string, input: EntryInput, now: string): string {
  return JSON.stringify({
    id, kind: input.kind, at: now, authorRole: input.author.role, authorName: input.author.name,
    authorId: input.author.id, text: input.text ?? null, chatId: input.chatId ?? null,
    data: input.data ?? null,
  });
}

/** Parses a stored entry of ticket `ref` at `position`. */
export function entryFromJson(json: unknown, ref: string, position: number): TicketEntryRecord {
  const entry = StoredEntry.parse(JSON.parse(z.string().parse(json)));
  return { ...entry, ticketRef: ref, position };
}

const EmergencyHash = z.object({
  id: z.string(),
  ticketRef: z.string(),
  requesterEmail: z.string(),
  visitorId: z.string(),
  description: z.string(),
  testedOtherDevices: flag,
  testedOtherNetworks: flag,
  abuse: flag,
  abuseMarkedBy: optionalText,
  abuseMarkedAt: optionalText,
  createdAt: z.string(),
});

/** Parses an emergency hash; null when absent. */
export function emergencyFromFlat(reply: unknown): EmergencyRecord | null {
  const record = fromFlat(reply);
  return record ? EmergencyHash.parse(record) : null;
}
