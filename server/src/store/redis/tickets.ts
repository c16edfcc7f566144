import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type {
  ConvertChatResult, CreateTicketResult, EscalateTicketResult, LinkChatToTicketResult, NewTicket,
  TicketActor, TicketDedupeOptions, TicketEntryRecord, TicketEscalation, TicketPatch, TicketRecord,
  TicketReply,
} from '../store';
import { mayMerge, requesterKey, ticketYear } from '../ticket.rules';
import { bit, requireChat } from './codec';
import type { RedisContext } from './context';
import {
  addReplyScript, convertChatScript, createTicketScript, escalateTicketScript, linkChatScript,
  updateTicketScript,
} from './scripts/ticket.scripts';
import { entryFromJson, entryToJson, requireTicket, ticketFromFlat } from './ticket.codec';

// The ticket operations. Reference allocation, the rule 2 merge, history positions and the
// compare-and-set escalation each happen inside one script (scripts/ticket.scripts.ts).

const Flat = z.array(z.string());

/** The create-or-merge spec of a script (see scripts/ticket.scripts.ts). */
function createSpec(
  input: Omit<NewTicket, 'visitorId'> & { visitorId?: string | null }, options: TicketDedupeOptions, now: string,
): Record<string, unknown> {
  const key = requesterKey(input.requesterEmail);
  // Fields are copied one by one so that extra properties of `input` never leak into the record.
  const ticket: Record<string, string> = {
    id: randomUUID(), subject: input.subject, department: input.department, category: input.category,
    priority: input.priority, urgent: bit(input.urgent), status: 'open', requesterName: input.requesterName,
    requesterEmail: input.requesterEmail, requesterKey: key, source: input.source,
    firstResponseDueAt: input.firstResponseDueAt, escalationLevel: '0', createdAt: now, updatedAt: now,
    lastActivityAt: now,
  };
  return {
    now, year: ticketYear(now), requesterKey: key, department: input.department,
    priority: input.priority, urgent: bit(input.urgent), ticket,
    ...(mayMerge(input, options.dedupeSince) ? { since: options.dedupeSince } : {}),
    ...(input.visitorId !== undefined && input.visitorId !== null ? { visitorId: input.visitorId } : {}),
    createdEntry: entryToJson(randomUUID(), { kind: 'created', author: input.author, text: input.text }, now),
    // Due time and escalation level stay on a merge: it must not reset the first-response clock.
    mergedEntry: entryToJson(randomUUID(), {
      kind: 'merged', author: input.author, text: input.text, data: { subject: input.subject },
    }, now),
  };
}

const CreateReply = z.tuple([Flat, z.number(), z.number(), z.string()]);

/** Creates a ticket, or merges it into the requester's open one (rule 2). */
export async function createTicket(
  ctx: RedisContext, input: NewTicket, options: TicketDedupeOptions, now: string,
): Promise<CreateTicketResult> {
  const spec = createSpec(input, options, now);
  const [flat, merged, position, json] = CreateReply.parse(await ctx.run(createTicketScript, [JSON.stringify(spec)]));
  const ticket = requireTicket(flat);
  return { ticket, merged: merged === 1, entry: entryFromJson(json, ticket.ref, position) };
}

const ConvertReply = z.union([
  z.tuple([z.enum(['ok', 'same']), Flat, z.number(), Flat]),
  z.tuple([z.literal('err'), z.enum(['chat_not_found', 'chat_closed'])]),
]);

/** Converts an open chat into a ticket once; later calls answer the same ticket. */
export async function convertChat(
  ctx: RedisContext, chatId: string, input: Omit<NewTicket, 'visitorId'>, options: TicketDedupeOptions,
  now: string,
): Promise<ConvertChatResult> {
  // The visitor is the chat's, read inside the script.
  const spec = {
    ...createSpec({ ...input, visitorId: null }, options, now),
    transcriptEntry: entryToJson(randomUUID(), { kind: 'transcript', author: input.author, chatId }, now),
  };
  const reply = ConvertReply.parse(await ctx.run(convertChatScript, [chatId, JSON.stringify(spec)]));
  if (reply[0] === 'err') return { ok: false, reason: reply[1] };
  return {
    ok: true, ticket: requireTicket(reply[1]), merged: reply[2] === 1, chat: requireChat(reply[3]),
    changed: reply[0] === 'ok',
  };
}

const LinkReply = z.union([
  z.tuple([z.enum(['ok', 'same']), Flat, z.number(), z.string()]),
  z.tuple([z.literal('err'), z.enum(['ticket_not_found', 'chat_not_found'])]),
]);

/** Links a chat to a ticket once (complaints); the chat itself is untouched. */
export async function linkChatToTicket(
  ctx: RedisContext, ref: string, chatId: string, actor: TicketActor, now: string,
): Promise<LinkChatToTicketResult> {
  const json = entryToJson(randomUUID(), { kind: 'transcript', author: actor, chatId }, now);
  const reply = LinkReply.parse(await ctx.run(linkChatScript, [ref, chatId, json, now]));
  if (reply[0] === 'err') return { ok: false, reason: reply[1] };
  const ticket = requireTicket(reply[1]);
  return { ok: true, ticket, entry: entryFromJson(reply[3], ticket.ref, reply[2]), changed: reply[0] === 'ok' };
}

/** The ticket with exactly this ref. */
export async function getTicket(ctx: RedisContext, ref: string): Promise<TicketRecord | null> {
  return ticketFromFlat(await ctx.command(['HGETALL', ctx.keys.ticket(ref)]));
}

const UpdateReply = z.tuple([Flat, z.array(z.tuple([z.number(), z.string()]))]).nullable();

/** Applies a patch with one history entry per field that really changed. */
export async function updateTicket(
  ctx: RedisContext, ref: string, patch: TicketPatch, actor: TicketActor, now: string,
): Promise<{ ticket: TicketRecord; entries: TicketEntryRecord[] } | null> {
  const reply = UpdateReply.parse(await ctx.run(updateTicketScript, [
    ref, now, JSON.stringify({ role: actor.role, name: actor.name, id: actor.id }),
    bit(patch.status !== undefined), patch.status ?? '',
    bit(patch.priority !== undefined), patch.priority ?? '',
    bit(patch.assigneeId !== undefined), bit(typeof patch.assigneeId === 'string'), patch.assigneeId ?? '',
    randomUUID(), randomUUID(), randomUUID(),
  ]));
  if (!reply) return null;
  const ticket = requireTicket(reply[0]);
  return { ticket, entries: reply[1].map(([position, json]) => entryFromJson(json, ticket.ref, position)) };
}

const ReplyReply = z.tuple([Flat, z.number(), z.string()]).nullable();

/** Appends an agent reply; the first one is the ticket's first response. */
export async function addTicketReply(
  ctx: RedisContext, ref: string, reply: TicketReply, now: string,
): Promise<{ ticket: TicketRecord; entry: TicketEntryRecord } | null> {
  const json = entryToJson(randomUUID(), {
    kind: 'reply', author: { role: reply.authorRole, name: reply.authorName, id: reply.authorId }, text: reply.text,
  }, now);
  const parsed = ReplyReply.parse(await ctx.run(addReplyScript, [ref, now, json]));
  if (!parsed) return null;
  const ticket = requireTicket(parsed[0]);
  return { ticket, entry: entryFromJson(parsed[2], ticket.ref, parsed[1]) };
}

/** The ticket's history in position order. */
export async function listTicketEntries(ctx: RedisContext, ref: string): Promise<TicketEntryRecord[]> {
  const items = z.array(z.string()).parse(await ctx.command(['LRANGE', ctx.keys.entries(ref), '0', '-1']));
  return items.map((json, i) => entryFromJson(json, ref, i + 1));
}

const EscalateReply = z.union([
  z.tuple([z.literal('ok'), Flat, z.number(), z.string()]),
  z.tuple([z.literal('err'), z.enum(['not_found', 'stale'])]),
]);

/** Raises a ticket one escalation level, only from the level the caller saw (compare-and-set). */
export async function escalateTicket(
  ctx: RedisContext, ref: string, change: TicketEscalation, now: string,
): Promise<EscalateTicketResult> {
  const reply = EscalateReply.parse(await ctx.run(escalateTicketScript, [
    ref, String(change.fromLevel), change.priority, change.nextDueAt, now, randomUUID(),
  ]));
  if (reply[0] === 'err') return { ok: false, reason: reply[1] };
  const ticket = requireTicket(reply[1]);
  return { ok: true, ticket, entry: entryFromJson(reply[3], ticket.ref, reply[2]) };
}
