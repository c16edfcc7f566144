import * as z from 'zod';
import { DEPARTMENTS, type Department } from '@besoin/shared';
import type { ChatRecord } from '../store';
import { chatFromFlat, compareText, storedChatFromFlat, type StoredChat } from './codec';
import type { RedisContext } from './context';
import {
  activeChatsScript, queuedChatsScript, queuePositionScript, queueStatsScript,
} from './scripts/read.scripts';

// Chat reads. Queues are sorted sets kept in queue order by the scripts, so a page of a queue
// or a position is one range or rank; active chats are read through the agents' and the global
// active sets (bounded by the total capacity of the agents), then filtered and ordered here
// like the SQLite statements: instants compare as text, ties fall back to creation order.

/** Orders by the given instants (null last), then creation serial. */
function byInstants(pick: (chat: ChatRecord) => (string | null)[]) {
  return (a: StoredChat, b: StoredChat): number => {
    const left = pick(a.chat);
    const right = pick(b.chat);
    for (let i = 0; i < left.length; i += 1) {
      const x = left[i] ?? null;
      const y = right[i] ?? null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return compareText(x, y);
    }
    return a.serial - b.serial;
  };
}

/** The chat with this id. */
export async function getChat(ctx: RedisContext, id: string): Promise<ChatRecord | null> {
  return chatFromFlat(await ctx.command(['HGETALL', ctx.keys.chat(id)]));
}

/** The visitor's queued or active chat, found through the pointer the scripts maintain. */
export async function getOpenChatOfVisitor(ctx: RedisContext, visitorId: string): Promise<ChatRecord | null> {
  const chatId = z.string().nullable().parse(await ctx.command(['GET', ctx.keys.visitorChat(visitorId)]));
  if (chatId === null) return null;
  const chat = await getChat(ctx, chatId);
  // The pointer and the status change in one script; this only guards against a stale read.
  return chat && (chat.status === 'queued' || chat.status === 'active') ? chat : null;
}

/** Number of active chats held by the agent: the size of their active set. */
export async function countActiveChats(ctx: RedisContext, agentId: string): Promise<number> {
  return z.number().parse(await ctx.command(['SCARD', ctx.keys.agentChats(agentId)]));
}

const ChatList = z.array(z.unknown());

async function loadActive(ctx: RedisContext, agentId?: string): Promise<StoredChat[]> {
  const reply = ChatList.parse(await ctx.run(activeChatsScript, agentId === undefined ? ['all', ''] : ['agent', agentId]));
  return reply.map(storedChatFromFlat).filter((c): c is StoredChat => c !== null && c.chat.status === 'active');
}

const byAssignment = byInstants((c) => [c.assignedAt, c.createdAt]);

/** Active chats of an agent, oldest assignment first. */
export async function listActiveChatsOfAgent(ctx: RedisContext, agentId: string): Promise<ChatRecord[]> {
  return (await loadActive(ctx, agentId)).sort(byAssignment).map((c) => c.chat);
}

/** Every active chat, oldest assignment first. */
export async function listActiveChats(ctx: RedisContext): Promise<ChatRecord[]> {
  return (await loadActive(ctx)).sort(byAssignment).map((c) => c.chat);
}

/** Active chats not answered yet, assigned at or before `assignedBefore`. */
export async function listChatsAwaitingAnswer(ctx: RedisContext, assignedBefore: string): Promise<ChatRecord[]> {
  return (await loadActive(ctx))
    .filter(({ chat }) => chat.answeredAt === null && chat.assignedAt !== null
      && compareText(chat.assignedAt, assignedBefore) <= 0)
    .sort(byInstants((c) => [c.assignedAt])).map((c) => c.chat);
}

/** Active chats where the agent spoke last, at or before `agentMessageBefore`. */
export async function listChatsIdleSince(ctx: RedisContext, agentMessageBefore: string): Promise<ChatRecord[]> {
  return (await loadActive(ctx))
    .filter(({ chat: { lastAgentMessageAt: agent, lastVisitorMessageAt: visitor } }) => agent !== null
      && compareText(agent, agentMessageBefore) <= 0 && (visitor === null || compareText(visitor, agent) < 0))
    .sort(byInstants((c) => [c.lastAgentMessageAt])).map((c) => c.chat);
}

/** Active chats due for the long flag (not flagged yet) or for conversion. */
export async function listLongChatCandidates(
  ctx: RedisContext, flagBefore: string, convertBefore: string,
): Promise<ChatRecord[]> {
  return (await loadActive(ctx))
    .filter(({ chat: { firstAssignedAt: first, longAt } }) => first !== null
      && ((longAt === null && compareText(first, flagBefore) <= 0) || compareText(first, convertBefore) <= 0))
    .sort(byInstants((c) => [c.firstAssignedAt])).map((c) => c.chat);
}

const QueuedReply = z.array(z.union([z.string(), z.array(z.string())]));

/** Queued chats in queue order; a department's queue can be read a page at a time. */
export async function listQueuedChats(
  ctx: RedisContext, department?: Department, limit?: number, offset = 0,
): Promise<ChatRecord[]> {
  // As in SQLite, limit and offset page one department's queue; a negative limit is no limit.
  const pageSize = department !== undefined && limit !== undefined && limit >= 0 ? Math.floor(limit) : null;
  const start = department === undefined ? 0 : Math.max(0, Math.floor(offset));
  if (pageSize === 0) return [];
  const stop = pageSize === null ? -1 : start + pageSize - 1;
  const reply = QueuedReply.parse(await ctx.run(queuedChatsScript, [
    String(start), String(stop), ...(department === undefined ? DEPARTMENTS : [department]),
  ]));
  const entries: { member: string; chat: ChatRecord }[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const chat = chatFromFlat(reply[i + 1]);
    if (chat) entries.push({ member: z.string().parse(reply[i]), chat });
  }
  // Members sort as the queue order itself: merging departments is sorting the members.
  if (department === undefined) entries.sort((a, b) => compareText(a.member, b.member));
  return entries.map((e) => e.chat);
}

/** Number of queued chats of a department and the oldest queuedAt. */
export async function queueStats(
  ctx: RedisContext, department: Department,
): Promise<{ waiting: number; oldestQueuedAt: string | null }> {
  const [waiting, oldestQueuedAt] = z.tuple([z.number(), z.string().nullable()])
    .parse(await ctx.run(queueStatsScript, [department]));
  return { waiting, oldestQueuedAt };
}

/** The 1-based queue position of a queued chat; null otherwise. */
export async function queuePosition(ctx: RedisContext, chatId: string): Promise<number | null> {
  return z.number().int().positive().nullable().parse(await ctx.run(queuePositionScript, [chatId]));
}
