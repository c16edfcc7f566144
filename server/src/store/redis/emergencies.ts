import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type {
  CreateEmergencyResult, EmergencyFilter, EmergencyLimitOptions, EmergencyRecord, NewEmergency,
} from '../store';
import { bit, toPairs } from './codec';
import type { RedisContext } from './context';
import { createEmergencyScript, listEmergenciesScript, markAbuseScript } from './scripts/emergency.scripts';
import { emergencyFromFlat, requireTicket } from './ticket.codec';

// Emergencies (rule 7): the checks and the insert are one script (scripts/emergency.scripts.ts).

const Flat = z.array(z.string());

const CreateReply = z.union([
  z.tuple([z.literal('ok'), Flat, Flat]),
  z.tuple([z.literal('err'), z.enum([
    'ticket_not_found', 'not_requester', 'not_outage', 'ticket_closed', 'already_raised', 'limit_reached',
  ])]),
]);

/** Raises an emergency after the rule 7 checks, in the documented order; the ticket is unchanged. */
export async function createEmergency(
  ctx: RedisContext, input: NewEmergency, options: EmergencyLimitOptions, now: string,
): Promise<CreateEmergencyResult> {
  const id = randomUUID();
  // Fields are copied one by one; ticketRef and the requester e-mail come from the ticket.
  const own = toPairs({
    id, visitorId: input.visitorId, description: input.description,
    testedOtherDevices: bit(input.testedOtherDevices), testedOtherNetworks: bit(input.testedOtherNetworks),
    abuse: '0', createdAt: now,
  });
  const reply = CreateReply.parse(await ctx.run(createEmergencyScript, [
    input.ticketRef, input.visitorId, String(options.perRequesterLimit), options.windowSince, id, now, ...own,
  ]));
  if (reply[0] === 'err') return { ok: false, reason: reply[1] };
  const emergency = emergencyFromFlat(reply[1]);
  if (!emergency) throw new Error('redis store: expected an emergency in the script reply');
  return { ok: true, emergency, ticket: requireTicket(reply[2]) };
}

/** Emergencies created at or after `since` (all when absent), newest first, at most `limit`. */
export async function listEmergencies(ctx: RedisContext, filter: EmergencyFilter): Promise<EmergencyRecord[]> {
  if (filter.limit === 0) return [];
  // Members start with createdAt, so "[since" is the inclusive lower bound; -1 is no limit.
  const reply = z.array(Flat).parse(await ctx.run(listEmergenciesScript, [
    filter.since === undefined ? '-' : `[${filter.since}`, String(filter.limit < 0 ? -1 : Math.floor(filter.limit)),
  ]));
  return reply.map(emergencyFromFlat).filter((e): e is EmergencyRecord => e !== null);
}

/** Marks an emergency as abuse once; the first marker and time stay. Null when unknown. */
export async function markEmergencyAbuse(
  ctx: RedisContext, id: string, markedBy: string, now: string,
): Promise<EmergencyRecord | null> {
  return emergencyFromFlat(await ctx.run(markAbuseScript, [id, markedBy, now]) ?? []);
}
