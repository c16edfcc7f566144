import * as z from 'zod';
import {
  AGENT_STATUSES, CATEGORIES, CHAT_STATUSES, DEPARTMENTS, LOCALES, PRIORITIES, ROLES,
} from '@besoin/shared';
import type {
  AgentRecord, ChatRecord, MessageRecord, NewMessage, SessionRecord, VisitorRecord,
} from '../store';

// Records <-> Redis hashes. A hash holds strings only: booleans are '0'/'1', numbers are
// decimal, lists are JSON, and a null field is simply absent. Everything read back is parsed
// with zod, so a corrupt or foreign value fails loudly instead of reaching the domain.

/** A string field that may be absent (null). */
export const optionalText = z.string().optional().transform((value) => value ?? null);
/** '0' | '1' as a boolean. */
export const flag = z.enum(['0', '1']).transform((value) => value === '1');
/** A non-negative integer written as decimal text. */
export const count = z.string().regex(/^\d+$/).transform(Number);

/** The alternating field/value array of HGETALL (as Redis answers it to a script). */
export const FlatHash = z.array(z.string()).refine((items) => items.length % 2 === 0, 'odd HGETALL reply');

/** Turns an HGETALL array into a record; null for an empty one (no such key). */
export function fromFlat(reply: unknown): Record<string, string> | null {
  const items = FlatHash.parse(reply);
  if (items.length === 0) return null;
  const record: Record<string, string> = {};
  for (let i = 0; i < items.length; i += 2) record[items[i] as string] = items[i + 1] as string;
  return record;
}

/** Field/value pairs of a record for HSET, leaving out null fields. */
export function toPairs(fields: Record<string, string | null>): string[] {
  return Object.entries(fields).flatMap(([field, value]) => (value === null ? [] : [field, value]));
}

/** A boolean as stored: '1' or '0'. */
export const bit = (value: boolean): string => (value ? '1' : '0');

/** Text order as SQLite compares ISO instants (and refs): code unit by code unit. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const AgentHash = z.object({
  id: z.string(),
  login: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  departments: z.string().transform((text, ctx) => {
    const parsed = z.array(z.enum(DEPARTMENTS)).safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: `corrupt agent departments: ${text}` });
    return z.NEVER;
  }),
  maxChats: count.optional().transform((value) => value ?? null),
  passwordHash: z.string(),
  status: z.enum(AGENT_STATUSES),
  lastAssignedAt: optionalText,
  createdAt: z.string(),
});

/** The hash of an agent; `loginKey` is stored beside it (the unique-login index). */
export function agentToHash(agent: AgentRecord, loginKey: string): Record<string, string | null> {
  return {
    id: agent.id, login: agent.login, loginKey, name: agent.name, role: agent.role,
    departments: JSON.stringify(agent.departments),
    maxChats: agent.maxChats === null ? null : String(agent.maxChats),
    passwordHash: agent.passwordHash, status: agent.status, lastAssignedAt: agent.lastAssignedAt,
    createdAt: agent.createdAt,
  };
}

/** Parses an agent hash (HGETALL array); null when absent. */
export function agentFromFlat(reply: unknown): AgentRecord | null {
  const record = fromFlat(reply);
  return record ? AgentHash.parse(record) : null;
}

const SessionHash = z.object({
  tokenHash: z.string(), agentId: z.string(), createdAt: z.string(), expiresAt: z.string(),
});

/** Parses a session hash; null when absent. */
export function sessionFromFlat(reply: unknown): SessionRecord | null {
  const record = fromFlat(reply);
  return record ? SessionHash.parse(record) : null;
}

const VisitorHash = z.object({ id: z.string(), tokenHash: z.string(), createdAt: z.string() });

/** Parses a visitor hash; null when absent. */
export function visitorFromFlat(reply: unknown): VisitorRecord | null {
  const record = fromFlat(reply);
  return record ? VisitorHash.parse(record) : null;
}

const ChatHash = z.object({
  id: z.string(),
  visitorId: z.string(),
  status: z.enum(CHAT_STATUSES),
  department: z.enum(DEPARTMENTS),
  subject: z.string(),
  visitorName: z.string(),
  visitorEmail: z.string(),
  urgent: flag,
  priority: z.enum(PRIORITIES),
  locale: z.enum(LOCALES).optional().transform((value) => value ?? null),
  pageUrl: optionalText,
  agentId: optionalText,
  agentName: optionalText,
  lastSeq: count,
  messageCount: count,
  queuedAt: z.string(),
  requeued: flag,
  firstAssignedAt: optionalText,
  assignedAt: optionalText,
  endedAt: optionalText,
  ticketRef: optionalText,
  createdAt: z.string(),
  answeredAt: optionalText,
  lastVisitorMessageAt: optionalText,
  lastAgentMessageAt: optionalText,
  longAt: optionalText,
  category: z.enum(CATEGORIES),
  ticketMerged: flag,
});

/** The hash of a new chat (the creation serial `n` is added by the script). */
export function chatToHash(chat: ChatRecord): Record<string, string | null> {
  return {
    id: chat.id, visitorId: chat.visitorId, status: chat.status, department: chat.department,
    subject: chat.subject, visitorName: chat.visitorName, visitorEmail: chat.visitorEmail,
    urgent: bit(chat.urgent), priority: chat.priority, locale: chat.locale, pageUrl: chat.pageUrl,
    agentId: chat.agentId, agentName: chat.agentName, lastSeq: String(chat.lastSeq),
    messageCount: String(chat.messageCount), queuedAt: chat.queuedAt, requeued: bit(chat.requeued),
    firstAssignedAt: chat.firstAssignedAt, assignedAt: chat.assignedAt, endedAt: chat.endedAt,
    ticketRef: chat.ticketRef, createdAt: chat.createdAt, answeredAt: chat.answeredAt,
    lastVisitorMessageAt: chat.lastVisitorMessageAt, lastAgentMessageAt: chat.lastAgentMessageAt,
    longAt: chat.longAt, category: chat.category, ticketMerged: bit(chat.ticketMerged),
  };
}

/** A chat with its creation serial (SQLite's rowid: the last tie-breaker of every order). */
export interface StoredChat {
  chat: ChatRecord;
  serial: number;
}

/** Parses a chat hash with its serial; null when absent. */
export function storedChatFromFlat(reply: unknown): StoredChat | null {
  const record = fromFlat(reply);
  if (!record) return null;
  return { chat: ChatHash.parse(record), serial: count.parse(record.n) };
}

/** Parses a chat hash; null when absent. */
export function chatFromFlat(reply: unknown): ChatRecord | null {
  return storedChatFromFlat(reply)?.chat ?? null;
}

/** Parses a chat hash that must exist (a script just wrote it). */
export function requireChat(reply: unknown): ChatRecord {
  const chat = chatFromFlat(reply);
  if (!chat) throw new Error('redis store: expected a chat in the script reply');
  return chat;
}

const StoredMessage = z.object({
  id: z.string(),
  chatId: z.string(),
  clientMessageId: z.string().nullable(),
  authorRole: z.enum(['visitor', 'agent', 'system']),
  authorName: z.string(),
  authorId: z.string().nullable(),
  text: z.string(),
  internal: z.boolean(),
  createdAt: z.string(),
});

/** The stored JSON of a message: everything but seq, which is its place in the list. */
export function messageToJson(input: NewMessage, id: string, now: string): string {
  return JSON.stringify({
    id, chatId: input.chatId, clientMessageId: input.clientMessageId, authorRole: input.authorRole,
    authorName: input.authorName, authorId: input.authorId, text: input.text,
    internal: input.internal, createdAt: now,
  });
}

/** Parses a stored message with its seq. */
export function messageFromJson(json: unknown, seq: number): MessageRecord {
  const message = StoredMessage.parse(JSON.parse(z.string().parse(json)));
  return { ...message, seq };
}
