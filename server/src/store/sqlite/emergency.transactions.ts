import { randomUUID } from 'node:crypto';
import type {
  CreateEmergencyResult, EmergencyLimitOptions, EmergencyRecord, NewEmergency,
} from '../store';
import { requesterKey } from '../ticket.rules';
import { fromEmergency, toEmergency } from './emergency.rows';
import type { Statements } from './statements';
import { toTicket } from './ticket.rows';

// The bodies of the emergency operations, each run inside one BEGIN IMMEDIATE transaction
// (see transactions.ts): the checks and the insert cannot interleave with another writer, so
// neither "one per ticket" nor the per-requester limit can be overrun by concurrent raises.

/** Raises an emergency on an outage ticket after the rule 7 checks, in the documented order. */
export function createEmergencyTx(
  s: Statements, input: NewEmergency, options: EmergencyLimitOptions, now: string,
): CreateEmergencyResult {
  const row = s.ticketByRef.get(input.ticketRef);
  if (!row) return { ok: false, reason: 'ticket_not_found' };
  const ticket = toTicket(row);
  if (!ticket.visitorIds.includes(input.visitorId)) return { ok: false, reason: 'not_requester' };
  if (ticket.category !== 'outage') return { ok: false, reason: 'not_outage' };
  if (ticket.status !== 'open' && ticket.status !== 'pending') return { ok: false, reason: 'ticket_closed' };
  if (s.emergencyOfTicket.get(ticket.ref)) return { ok: false, reason: 'already_raised' };
  const raised = s.countEmergenciesOfRequester.get({
    key: requesterKey(ticket.requesterEmail), since: options.windowSince,
  })?.n ?? 0;
  if (raised >= options.perRequesterLimit) return { ok: false, reason: 'limit_reached' };
  // Fields are copied one by one so that extra properties of `input` never leak into the record.
  const emergency: EmergencyRecord = {
    id: randomUUID(),
    ticketRef: ticket.ref,
    requesterEmail: ticket.requesterEmail,
    visitorId: input.visitorId,
    description: input.description,
    testedOtherDevices: input.testedOtherDevices,
    testedOtherNetworks: input.testedOtherNetworks,
    abuse: false,
    abuseMarkedBy: null,
    abuseMarkedAt: null,
    createdAt: now,
  };
  s.insertEmergency.run(fromEmergency(emergency));
  return { ok: true, emergency, ticket };
}

/** Flags an emergency as abuse; the first marker and time stay. */
export function markEmergencyAbuseTx(
  s: Statements, id: string, markedBy: string, now: string,
): EmergencyRecord | null {
  s.markEmergencyAbuse.run({ id, marked_by: markedBy, at: now });
  const row = s.emergencyById.get(id);
  return row ? toEmergency(row) : null;
}
