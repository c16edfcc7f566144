import type { EmergencyRecord } from '../store';
import { requesterKey } from '../ticket.rules';

// Emergency rows as SQLite returns them (booleans as 0/1) and their mapping to records.

/** A row of `emergencies`. */
export interface EmergencyRow {
  id: string;
  ticket_ref: string;
  requester_email: string;
  requester_key: string;
  visitor_id: string;
  description: string;
  tested_other_devices: number;
  tested_other_networks: number;
  abuse: number;
  abuse_marked_by: string | null;
  abuse_marked_at: string | null;
  created_at: string;
}

/** Maps an `emergencies` row to an {@link EmergencyRecord}. */
export function toEmergency(row: EmergencyRow): EmergencyRecord {
  return {
    id: row.id,
    ticketRef: row.ticket_ref,
    requesterEmail: row.requester_email,
    visitorId: row.visitor_id,
    description: row.description,
    testedOtherDevices: row.tested_other_devices === 1,
    testedOtherNetworks: row.tested_other_networks === 1,
    abuse: row.abuse === 1,
    abuseMarkedBy: row.abuse_marked_by,
    abuseMarkedAt: row.abuse_marked_at,
    createdAt: row.created_at,
  };
}

/** The inverse of {@link toEmergency}, for INSERT/UPDATE with named parameters. */
export function fromEmergency(emergency: EmergencyRecord): EmergencyRow {
  return {
    id: emergency.id,
    ticket_ref: emergency.ticketRef,
    requester_email: emergency.requesterEmail,
    requester_key: requesterKey(emergency.requesterEmail),
    visitor_id: emergency.visitorId,
    description: emergency.description,
    tested_other_devices: emergency.testedOtherDevices ? 1 : 0,
    tested_other_networks: emergency.testedOtherNetworks ? 1 : 0,
    abuse: emergency.abuse ? 1 : 0,
    abuse_marked_by: emergency.abuseMarkedBy,
    abuse_marked_at: emergency.abuseMarkedAt,
    created_at: emergency.createdAt,
  };
}
