import type Database from 'better-sqlite3';

// Schema history. Steps are append-only: a released step is never edited, a change is a new
// step. `PRAGMA user_version` records how many steps a file has received.

/** Ordered schema steps; step i brings a file from version i to version i + 1. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL,
    -- Lower-cased login: the unique key, so that "Alice" and "alice" cannot both exist.
    login_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    departments TEXT NOT NULL, -- JSON array of department ids
    max_chats INTEGER,
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('online', 'away', 'offline')),
    last_assigned_at TEXT,
    created_at TEXT NOT NULL
  );

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_agent ON sessions(agent_id);

  CREATE TABLE visitors (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );

  -- No foreign keys to visitors or agents: a chat outlives a deleted agent and keeps its id.
  CREATE TABLE chats (
    id TEXT PRIMARY KEY,
    visitor_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'active', 'ended', 'converted')),
    department TEXT NOT NULL CHECK (department IN ('technical', 'billing', 'sales')),
    subject TEXT NOT NULL,
    visitor_name TEXT NOT NULL,
    visitor_email TEXT NOT NULL,
    urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'critical')),
    locale TEXT CHECK (locale IS NULL OR locale IN ('fr', 'en', 'ar')),
    page_url TEXT,
    agent_id TEXT,
    agent_name TEXT,
    last_seq INTEGER NOT NULL,
    message_count INTEGER NOT NULL,
    queued_at TEXT NOT NULL,
    requeued INTEGER NOT NULL CHECK (requeued IN (0, 1)),
    first_assigned_at TEXT,
    assigned_at TEXT,
    ended_at TEXT,
    ticket_ref TEXT,
    created_at TEXT NOT NULL
  );
  -- The storage-level guarantee behind "one open chat per visitor".
  CREATE UNIQUE INDEX chats_one_open_per_visitor ON chats(visitor_id)
    WHERE status IN ('queued', 'active');
  CREATE INDEX chats_status_department ON chats(status, department);
  CREATE INDEX chats_agent_status ON chats(agent_id, status);

  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    chat_id TEXT NOT NULL REFERENCES chats(id),
    seq INTEGER NOT NULL,
    client_message_id TEXT,
    author_role TEXT NOT NULL CHECK (author_role IN ('visitor', 'agent', 'system')),
    author_name TEXT NOT NULL,
    author_id TEXT,
    text TEXT NOT NULL,
    internal INTEGER NOT NULL CHECK (internal IN (0, 1)),
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX messages_chat_seq ON messages(chat_id, seq);
  -- NULLs are distinct in a SQLite unique index, so messages without a client id never clash.
  CREATE UNIQUE INDEX messages_chat_client_id ON messages(chat_id, client_message_id);
  `,
  // 2: routing and long-chat timestamps, chat category, tickets with their history.
  `
  ALTER TABLE chats ADD COLUMN answered_at TEXT;
  ALTER TABLE chats ADD COLUMN last_visitor_message_at TEXT;
  ALTER TABLE chats ADD COLUMN last_agent_message_at TEXT;
  ALTER TABLE chats ADD COLUMN long_at TEXT;
  ALTER TABLE chats ADD COLUMN category TEXT NOT NULL DEFAULT 'technical'
    CHECK (category IN ('outage', 'technical', 'billing', 'sales', 'complaint'));
  ALTER TABLE chats ADD COLUMN ticket_merged INTEGER NOT NULL DEFAULT 0 CHECK (ticket_merged IN (0, 1));
  CREATE INDEX chats_status_assigned ON chats(status, assigned_at);

  -- One row per year: the last ticket number handed out (refs TCK-<year>-<counter>).
  CREATE TABLE ticket_counters (
    year INTEGER PRIMARY KEY,
    value INTEGER NOT NULL
  );

  CREATE TABLE tickets (
    ref TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL,
    department TEXT NOT NULL CHECK (department IN ('technical', 'billing', 'sales')),
    category TEXT NOT NULL CHECK (category IN ('outage', 'technical', 'billing', 'sales', 'complaint')),
    priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'critical')),
    urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'resolved', 'closed')),
    requester_name TEXT NOT NULL,
    requester_email TEXT NOT NULL,
    -- trim + lower case of requester_email: the merge key (rule 2).
    requester_key TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('chat', 'form', 'complaint')),
    chat_ids TEXT NOT NULL, -- JSON array
    visitor_ids TEXT NOT NULL, -- JSON array
    assignee_id TEXT,
    first_response_due_at TEXT NOT NULL,
    first_responded_at TEXT,
    escalation_level INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_activity_at TEXT NOT NULL
  );
  CREATE INDEX tickets_merge ON tickets(requester_key, department, last_activity_at);
  CREATE INDEX tickets_created ON tickets(created_at, ref);
  CREATE INDEX tickets_due ON tickets(first_response_due_at)
    WHERE first_responded_at IS NULL AND status IN ('open', 'pending');

  CREATE TABLE ticket_entries (
    id TEXT PRIMARY KEY,
    ticket_ref TEXT NOT NULL REFERENCES tickets(ref),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'transcript', 'reply', 'escalation', 'status',
      'priority', 'assignee', 'merged')),
    at TEXT NOT NULL,
    author_role TEXT CHECK (author_role IS NULL OR author_role IN ('visitor', 'agent', 'system')),
    author_name TEXT,
    author_id TEXT,
    text TEXT,
    chat_id TEXT,
    data TEXT -- JSON object
  );
  CREATE UNIQUE INDEX ticket_entries_position ON ticket_entries(ticket_ref, position);
  `,
  // 3: the queue order as an index (a routing pass reads only the head of the queue), and
  // online agents found without a scan.
  `
  CREATE INDEX chats_queue ON chats(department, requeued DESC,
    (CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END),
    queued_at, created_at) WHERE status = 'queued';
  CREATE INDEX agents_status ON agents(status);
  `,
  // 4: emergencies (rule 7), one per ticket, rate-limited per requester e-mail; tickets of a
  // category (SLA views and filters).
  `
  CREATE TABLE emergencies (
    id TEXT PRIMARY KEY,
    ticket_ref TEXT NOT NULL REFERENCES tickets(ref),
    requester_email TEXT NOT NULL,
    -- trim + lower case of requester_email, as tickets.requester_key: the rate-limit key.
    requester_key TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    description TEXT NOT NULL,
    tested_other_devices INTEGER NOT NULL CHECK (tested_other_devices IN (0, 1)),
    tested_other_networks INTEGER NOT NULL CHECK (tested_other_networks IN (0, 1)),
    abuse INTEGER NOT NULL CHECK (abuse IN (0, 1)),
    abuse_marked_by TEXT,
    abuse_marked_at TEXT,
    created_at TEXT NOT NULL
  );
  -- The storage-level guarantee behind "one emergency per ticket".
  CREATE UNIQUE INDEX emergencies_one_per_ticket ON emergencies(ticket_ref);
  CREATE INDEX emergencies_requester ON emergencies(requester_key, created_at);
  CREATE INDEX emergencies_created ON emergencies(created_at);
  CREATE INDEX tickets_category ON tickets(category, created_at);
  `,
  // 5: each agent's number of active chats, kept by triggers in the same transaction as every
  // change of a chat's status or agent, so that routing finds the agents with room through an
  // index instead of counting chats agent by agent. Capacity checks still count the chats.
  `
  ALTER TABLE agents ADD COLUMN active_chats INTEGER NOT NULL DEFAULT 0;
  UPDATE agents SET active_chats =
    (SELECT count(*) FROM chats c WHERE c.agent_id = agents.id AND c.status = 'active');
  CREATE TRIGGER chats_active_insert AFTER INSERT ON chats
    WHEN NEW.status = 'active' AND NEW.agent_id IS NOT NULL
  BEGIN
    UPDATE agents SET active_chats = active_chats + 1 WHERE id = NEW.agent_id;
  END;
  CREATE TRIGGER chats_active_update AFTER UPDATE OF status, agent_id ON chats
  BEGIN
    UPDATE agents SET active_chats = active_chats - 1 WHERE OLD.status = 'active' AND id = OLD.agent_id;
    UPDATE agents SET active_chats = active_chats + 1 WHERE NEW.status = 'active' AND id = NEW.agent_id;
  END;
  CREATE TRIGGER chats_active_delete AFTER DELETE ON chats WHEN OLD.status = 'active'
  BEGIN
    UPDATE agents SET active_chats = active_chats - 1 WHERE id = OLD.agent_id;
  END;
  CREATE INDEX agents_status_load ON agents(status, active_chats);
  `,
  // 6: the routing and long-chat sweeps read only the chats they may act on.
  `
  CREATE INDEX chats_awaiting_answer ON chats(assigned_at) WHERE status = 'active' AND answered_at IS NULL;
  CREATE INDEX chats_agent_spoke ON chats(last_agent_message_at) WHERE status = 'active';
  CREATE INDEX chats_first_assigned ON chats(first_assigned_at) WHERE status = 'active';
  `,
];

/** Brings the file up to the latest schema version; a no-op when it already is. */
export function migrate(db: Database.Database): number {
  // IMMEDIATE: two processes opening a fresh file at once must not both apply step 0.
  const apply = db.transaction(() => {
    const current = Number(db.pragma('user_version', { simple: true }));
    if (current > MIGRATIONS.length) {
      throw new Error(
        `database schema version ${current} is newer than this server (${MIGRATIONS.length}); upgrade the server`,
      );
    }
    if (current === MIGRATIONS.length) return current;
    for (const step of MIGRATIONS.slice(current)) db.exec(step);
    // user_version lives in the file header, so it commits (or rolls back) with the steps.
    db.pragma(`user_version = ${MIGRATIONS.length}`);
    return MIGRATIONS.length;
  });
  return apply.immediate();
}
