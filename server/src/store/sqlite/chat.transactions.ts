import { randomUUID } from 'node:crypto';
import type { AuthorRole, Department } from '@besoin/shared';
import type {
  AppendMessageResult, AssignChatResult, ChatRecord, CreateChatResult, EndChatResult,
  MarkChatLongResult, MessageRecord, NewChat, NewMessage, ReassignChatResult, RequeueChatResult,
} from '../store';
import { fromChat, fromMessage, toAgent, toChat, toMessage } from './rows';
import type { Statements } from './statements';

// The bodies of the deciding chat operations. Each runs inside one BEGIN IMMEDIATE
// transaction (see sqlite.store.ts), so its read-check-write cannot interleave with another
// writer, in this process or in another one on the same file.

/** Only visitor and agent messages count towards the long-conversation threshold. */
function countsTowardsLength(role: AuthorRole): boolean {
  return role === 'visitor' || role === 'agent';
}

function buildMessage(input: NewMessage, seq: number, now: string): MessageRecord {
  return {
    id: randomUUID(),
    chatId: input.chatId,
    seq,
    clientMessageId: input.clientMessageId,
    authorRole: input.authorRole,
    authorName: input.authorName,
    authorId: input.authorId,
    text: input.text,
    internal: input.internal,
    createdAt: now,
  };
}

/** Creates a queued chat with its first message, unless the visitor already has an open one. */
export function createChatTx(
  s: Statements, input: NewChat, first: Omit<NewMessage, 'chatId'>, now: string,
): CreateChatResult {
  const open = s.openChatOfVisitor.get(input.visitorId);
  if (open) return { ok: false, reason: 'visitor_has_active_chat', chatId: open.id };
  // Fields are copied one by one so that extra properties of `input` never leak into the record.
  const chat: ChatRecord = {
    id: randomUUID(),
    visitorId: input.visitorId,
    status: 'queued',
    department: input.department,
    subject: input.subject,
    visitorName: input.visitorName,
    visitorEmail: input.visitorEmail,
    urgent: input.urgent,
    priority: input.priority,
    locale: input.locale,
    pageUrl: input.pageUrl,
    agentId: null,
    agentName: null,
    lastSeq: 1,
    messageCount: countsTowardsLength(first.authorRole) ? 1 : 0,
    queuedAt: now,
    requeued: false,
    firstAssignedAt: null,
    assignedAt: null,
    endedAt: null,
    ticketRef: null,
    createdAt: now,
    answeredAt: null,
    lastVisitorMessageAt: first.authorRole === 'visitor' ? now : null,
    lastAgentMessageAt: null,
    longAt: null,
    category: input.category,
    ticketMerged: false,
  };
  const message = buildMessage({ ...first, chatId: chat.id }, 1, now);
  s.insertChat.run(fromChat(chat));
  s.insertMessage.run(fromMessage(message));
  return { ok: true, chat, message };
}

/** Gives a queued chat to an agent if the agent holds fewer than `maxChats` active chats. */
export function assignChatTx(
  s: Statements, chatId: string, agentId: string, maxChats: number, now: string,
): AssignChatResult {
  const row = s.chatById.get(chatId);
  if (!row) return { ok: false, reason: 'chat_not_found' };
  if (row.status !== 'queued') return { ok: false, reason: 'chat_not_queued' };
  const agentRow = s.agentById.get(agentId);
  if (!agentRow) return { ok: false, reason: 'agent_not_found' };
  const active = s.countActiveChats.get(agentId)?.n ?? 0;
  if (active >= maxChats) return { ok: false, reason: 'agent_full' };
  const before = toChat(row);
  const chat: ChatRecord = {
    ...before,
    status: 'active',
    agentId,
    agentName: toAgent(agentRow).name,
    assignedAt: now,
    firstAssignedAt: before.firstAssignedAt ?? now,
    answeredAt: null,
  };
  s.updateChat.run(fromChat(chat));
  s.setAgentLastAssigned.run(now, agentId);
  return { ok: true, chat };
}

/** Puts an active chat back in the queue, ahead of never-assigned chats. */
export function requeueChatTx(
  s: Statements, chatId: string, department: Department | undefined,
): RequeueChatResult {
  const row = s.chatById.get(chatId);
  if (!row) return { ok: false, reason: 'chat_not_found' };
  if (row.status !== 'active') return { ok: false, reason: 'chat_not_active' };
  const before = toChat(row);
  const chat: ChatRecord = {
    ...before,
    status: 'queued',
    requeued: true,
    department: department ?? before.department,
    answeredAt: null,
  };
  s.updateChat.run(fromChat(chat));
  return { ok: true, chat };
}

/** Moves an active chat from one agent to another who has room (transfer, answer timeout). */
export function reassignChatTx(
  s: Statements, chatId: string, fromAgentId: string, toAgentId: string, maxChats: number,
  now: string,
): ReassignChatResult {
  const row = s.chatById.get(chatId);
  if (!row) return { ok: false, reason: 'chat_not_found' };
  if (row.status !== 'active' || row.agent_id !== fromAgentId) {
    return { ok: false, reason: 'chat_not_active' };
  }
  const agentRow = s.agentById.get(toAgentId);
  if (!agentRow) return { ok: false, reason: 'agent_not_found' };
  // A chat moved to the agent who already holds it does not take a second slot.
  const active = (s.countActiveChats.get(toAgentId)?.n ?? 0) - (toAgentId === fromAgentId ? 1 : 0);
  if (active >= maxChats) return { ok: false, reason: 'agent_full' };
  const chat: ChatRecord = {
    ...toChat(row),
    agentId: toAgentId,
    agentName: toAgent(agentRow).name,
    assignedAt: now,
    answeredAt: null,
  };
  s.updateChat.run(fromChat(chat));
  s.setAgentLastAssigned.run(now, toAgentId);
  return { ok: true, chat };
}

/** Flags a chat as long once; the first time wins. */
export function markChatLongTx(s: Statements, chatId: string, now: string): MarkChatLongResult {
  const row = s.chatById.get(chatId);
  if (!row) return { ok: false, reason: 'chat_not_found' };
  const before = toChat(row);
  if (before.longAt !== null) return { ok: true, chat: before, changed: false };
  const chat: ChatRecord = { ...before, longAt: now };
  s.updateChat.run(fromChat(chat));
  return { ok: true, chat, changed: true };
}

/** Ends an open chat; an already closed chat is returned as it is (idempotent). */
export function endChatTx(
  s: Statements, chatId: string, status: 'ended' | 'converted', now: string,
): EndChatResult {
  const row = s.chatById.get(chatId);
  if (!row) return { ok: false, reason: 'chat_not_found' };
  const before = toChat(row);
  if (before.status !== 'queued' && before.status !== 'active') {
    return { ok: true, chat: before, changed: false };
  }
  const chat: ChatRecord = { ...before, status, endedAt: now };
  s.updateChat.run(fromChat(chat));
  return { ok: true, chat, changed: true };
}

/** Appends a message with the next seq; a repeated clientMessageId returns the stored one. */
export function appendMessageTx(s: Statements, input: NewMessage, now: string): AppendMessageResult {
  // Dedupe first: a client resending after a lost ack must get its message back even if the
  // chat has been closed in between.
  if (input.clientMessageId !== null) {
    const existing = s.messageByClientId.get(input.chatId, input.clientMessageId);
    if (existing) {
      const chatRow = s.chatById.get(input.chatId);
      if (!chatRow) return { ok: false, reason: 'chat_not_found' };
      return { ok: true, message: toMessage(existing), created: false, chat: toChat(chatRow) };
    }
  }
  const current = s.chatById.get(input.chatId);
  if (!current) return { ok: false, reason: 'chat_not_found' };
  const before = toChat(current);
  if (before.status !== 'queued' && before.status !== 'active') {
    return { ok: false, reason: 'chat_closed' };
  }
  const message = buildMessage(input, before.lastSeq + 1, now);
  // Only what the visitor can see counts as the agent answering (DESIGN §2).
  const agentSpoke = input.authorRole === 'agent' && !input.internal;
  const chat: ChatRecord = {
    ...before,
    lastSeq: message.seq,
    messageCount: before.messageCount + (countsTowardsLength(input.authorRole) ? 1 : 0),
    lastVisitorMessageAt: input.authorRole === 'visitor' ? now : before.lastVisitorMessageAt,
    lastAgentMessageAt: agentSpoke ? now : before.lastAgentMessageAt,
    answeredAt: agentSpoke ? before.answeredAt ?? now : before.answeredAt,
  };
  s.insertMessage.run(fromMessage(message));
  const row = fromChat(chat);
  s.updateChatAfterMessage.run({
    id: row.id, last_seq: row.last_seq, message_count: row.message_count, answered_at: row.answered_at,
    last_visitor_message_at: row.last_visitor_message_at, last_agent_message_at: row.last_agent_message_at,
  });
  return { ok: true, message, created: true, chat };
}
