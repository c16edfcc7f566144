import type Database from 'better-sqlite3';
import type { EmergencyRow } from './emergency.rows';

// The emergency statements, prepared once per connection (merged into prepareStatements).

/** Prepares the emergency statements on `db`. */
export function prepareEmergencyStatements(db: Database.Database) {
  return {
    insertEmergency: db.prepare<EmergencyRow>(`INSERT INTO emergencies (id, ticket_ref,
      requester_email, requester_key, visitor_id, description, tested_other_devices,
      tested_other_networks, abuse, abuse_marked_by, abuse_marked_at, created_at)
      VALUES (@id, @ticket_ref, @requester_email, @requester_key, @visitor_id, @description,
      @tested_other_devices, @tested_other_networks, @abuse, @abuse_marked_by, @abuse_marked_at,
      @created_at)`),
    markEmergencyAbuse: db.prepare<{ id: string; marked_by: string; at: string }>(`UPDATE emergencies
      SET abuse = 1, abuse_marked_by = @marked_by, abuse_marked_at = @at WHERE id = @id AND abuse = 0`),
    emergencyById: db.prepare<[string], EmergencyRow>('SELECT * FROM emergencies WHERE id = ?'),
    emergencyOfTicket: db.prepare<[string], EmergencyRow>('SELECT * FROM emergencies WHERE ticket_ref = ?'),
    // Rule 7's abuse limit: the requester's emergencies inside the window.
    countEmergenciesOfRequester: db.prepare<{ key: string; since: string }, { n: number }>(
      'SELECT count(*) AS n FROM emergencies WHERE requester_key = @key AND created_at >= @since',
    ),
    listEmergencies: db.prepare<{ since: string | null; limit: number }, EmergencyRow>(`SELECT * FROM emergencies
      WHERE @since IS NULL OR created_at >= @since ORDER BY created_at DESC, rowid DESC LIMIT @limit`),
  };
}
