import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { AuthorRole, Department } from '@besoin/shared';
import type {
  AppendMessageResult, AssignChatResult, ChatRecord, CreateChatResult, EndChatResult,
  MarkChatLongResult, MessageRecord, NewChat, NewMessage, ReassignChatResult, RequeueChatResult,
} from '../store';
import {
  bit, chatToHash, messageFromJson, messageToJson, requireChat, toPairs,
} from './codec';
import type { RedisContext } from './context';
import {
  appendMessageScript, assignChatScript, createChatScript, endChatScript, markChatLongScript,
  reassignChatScript, requeueChatScript,
} from './scripts/chat.scripts';

// The deciding chat operations: the record is built here, the decision and the write are one
// Lua script each (scripts/chat.scripts.ts).

/** Only visitor and agent messages count towards the long-conversation threshold. */
function countsTowardsLength(role: AuthorRole): boolean {
  return role === 'visitor' || role === 'agent';
}

/** A refusal reply: ['err', reason]. */
function refusal<R extends string>(reasons: readonly [R, ...R[]]) {
  return z.tuple([z.literal('err'), z.enum(reasons)]);
}

/** ['ok' | 'same', chat hash]. */
const ChatReply = z.tuple([z.enum(['ok', 'same']), z.array(z.string())]);

const CreateReply = z.union([
  z.tuple([z.literal('ok'), z.array(z.string())]),
  z.tuple([z.literal('conflict'), z.string()]),
]);

/** Creates a queued chat with its first message, unless the visitor already has an open one. */
export async function createChat(
  ctx: RedisContext, input: NewChat, first: Omit<NewMessage, 'chatId'>, now: string,
): Promise<CreateChatResult> {
  const id = randomUUID();
  // Fields are copied one by one so that extra properties of `input` never leak into the record.
  const draft: ChatRecord = {
    id, visitorId: input.visitorId, status: 'queued', department: input.department,
    subject: input.subject, visitorName: input.visitorName, visitorEmail: input.visitorEmail,
    urgent: input.urgent, priority: input.priority, locale: input.locale, pageUrl: input.pageUrl,
    agentId: null, agentName: null, lastSeq: 1,
    messageCount: countsTowardsLength(first.authorRole) ? 1 : 0, queuedAt: now, requeued: false,
    firstAssignedAt: null, assignedAt: null, endedAt: null, ticketRef: null, createdAt: now,
    answeredAt: null, lastVisitorMessageAt: first.authorRole === 'visitor' ? now : null,
    lastAgentMessageAt: null, longAt: null, category: input.category, ticketMerged: false,
  };
  const json = messageToJson({ ...first, chatId: id }, randomUUID(), now);
  const reply = CreateReply.parse(await ctx.run(createChatScript, [
    id, input.visitorId, json, bit(first.clientMessageId !== null), first.clientMessageId ?? '',
    ...toPairs(chatToHash(draft)),
  ]));
  if (reply[0] === 'conflict') return { ok: false, reason: 'visitor_has_active_chat', chatId: reply[1] };
  return { ok: true, chat: requireChat(reply[1]), message: messageFromJson(json, 1) };
}

const AssignReply = z.union([ChatReply, refusal(['chat_not_found', 'chat_not_queued', 'agent_not_found', 'agent_full'])]);

/** Reserves a slot: the chat must be queued and the agent below `maxChats` active chats. */
export async function assignChat(
  ctx: RedisContext, chatId: string, agentId: string, maxChats: number, now: string,
): Promise<AssignChatResult> {
  const reply = AssignReply.parse(await ctx.run(assignChatScript, [chatId, agentId, String(maxChats), now]));
  return reply[0] === 'err' ? { ok: false, reason: reply[1] } : { ok: true, chat: requireChat(reply[1]) };
}

const RequeueReply = z.union([ChatReply, refusal(['chat_not_found', 'chat_not_active'])]);

/** Puts an active chat back in the queue, ahead of never-assigned chats, freeing the slot. */
export async function requeueChat(
  ctx: RedisContext, chatId: string, department: Department | undefined,
): Promise<RequeueChatResult> {
  const reply = RequeueReply.parse(await ctx.run(requeueChatScript, [
    chatId, bit(department !== undefined), department ?? '',
  ]));
  return reply[0] === 'err' ? { ok: false, reason: reply[1] } : { ok: true, chat: requireChat(reply[1]) };
}

const ReassignReply = z.union([ChatReply, refusal(['chat_not_found', 'chat_not_active', 'agent_not_found', 'agent_full'])]);

/** Moves an active chat from one agent to another who has room. */
export async function reassignChat(
  ctx: RedisContext, chatId: string, fromAgentId: string, toAgentId: string, maxChats: number,
  now: string,
): Promise<ReassignChatResult> {
  const reply = ReassignReply.parse(await ctx.run(reassignChatScript, [
    chatId, fromAgentId, toAgentId, String(maxChats), now,
  ]));
  return reply[0] === 'err' ? { ok: false, reason: reply[1] } : { ok: true, chat: requireChat(reply[1]) };
}

const NotFoundOr = z.union([ChatReply, refusal(['chat_not_found'])]);

/** Ends an open chat; an already closed chat is answered as it is. */
export async function endChat(
  ctx: RedisContext, chatId: string, status: 'ended' | 'converted', now: string,
): Promise<EndChatResult> {
  const reply = NotFoundOr.parse(await ctx.run(endChatScript, [chatId, status, now]));
  if (reply[0] === 'err') return { ok: false, reason: reply[1] };
  return { ok: true, chat: requireChat(reply[1]), changed: reply[0] === 'ok' };
}

/** Flags a chat as long once; the first call wins. */
export async function markChatLong(ctx: RedisContext, chatId: string, now: string): Promise<MarkChatLongResult> {
  const reply = NotFoundOr.parse(await ctx.run(markChatLongScript, [chatId, now]));
  if (reply[0] === 'err') return { ok: false, reason: reply[1] };
  return { ok: true, chat: requireChat(reply[1]), changed: reply[0] === 'ok' };
}

const AppendReply = z.union([
  z.tuple([z.literal('ok'), z.number().int().positive(), z.array(z.string())]),
  z.tuple([z.literal('dup'), z.number().int().positive(), z.string(), z.array(z.string())]),
  refusal(['chat_not_found', 'chat_closed']),
]);

/** Appends a message with the next gap-free seq; a repeated clientMessageId answers the stored one. */
export async function appendMessage(ctx: RedisContext, input: NewMessage, now: string): Promise<AppendMessageResult> {
  const id = randomUUID();
  const json = messageToJson(input, id, now);
  // Only what the visitor can see counts as the agent answering (DESIGN §2).
  const agentSpoke = input.authorRole === 'agent' && !input.internal;
  const reply = AppendReply.parse(await ctx.run(appendMessageScript, [
    input.chatId, bit(input.clientMessageId !== null), input.clientMessageId ?? '', json,
    bit(countsTowardsLength(input.authorRole)), bit(input.authorRole === 'visitor'),
    bit(agentSpoke), now,
  ]));
  switch (reply[0]) {
    case 'err': return { ok: false, reason: reply[1] };
    case 'dup': return { ok: true, message: messageFromJson(reply[2], reply[1]), created: false, chat: requireChat(reply[3]) };
    case 'ok': return { ok: true, message: messageFromJson(json, reply[1]), created: true, chat: requireChat(reply[2]) };
  }
}

const MessageList = z.array(z.string());

/** Messages with seq > afterSeq in seq order; internal notes only when asked. */
export async function listMessages(
  ctx: RedisContext, chatId: string, afterSeq: number, options: { includeInternal: boolean },
): Promise<MessageRecord[]> {
  // The list index is seq - 1, so LRANGE from afterSeq reads exactly the later messages.
  const start = Math.max(0, Math.floor(afterSeq));
  const items = MessageList.parse(await ctx.command(['LRANGE', ctx.keys.messages(chatId), String(start), '-1']));
  const messages = items.map((json, i) => messageFromJson(json, start + i + 1));
  return options.includeInternal ? messages : messages.filter((m) => !m.internal);
}
