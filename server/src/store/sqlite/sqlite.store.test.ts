import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../contract/index';
import { startFixtures } from './barrier.testing';
import { MIGRATIONS } from './migrations';
import { openSqliteStore, type SqliteStore } from './sqlite.store';

/** Polls `check` every 20 ms until it holds or `timeoutMs` passes. */
async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((r) => setTimeout(r, 20))) {
    if (check()) return true;
  }
  return check();
}

describeStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'besoin-store-'));
  const store = openSqliteStore(join(dir, 'besoin.sqlite'));
  return {
    store,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStore specifics', () => {
  let dir: string;
  let file: string;
  const opened: SqliteStore[] = [];
  const open = (): SqliteStore => {
    const store = openSqliteStore(file);
    opened.push(store);
    return store;
  };
  const agent = (login: string) => ({
    login, name: login, role: 'admin' as const, departments: [], maxChats: null, passwordHash: 'x',
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'besoin-sqlite-'));
    file = join(dir, 'besoin.sqlite');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('runs in WAL mode with synchronous FULL, foreign keys and a busy timeout', () => {
    const store = open();
    expect(store.settings()).toEqual({
      journalMode: 'wal', synchronous: 2, foreignKeys: true, busyTimeoutMs: 5000,
      schemaVersion: MIGRATIONS.length,
    });
    // WAL is a property of the file: another connection sees it too.
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
    expect(existsSync(`${file}-wal`)).toBe(true);
  });

  it('checkpoints the WAL from a worker thread when asked, not inside commits', async () => {
    const store = openSqliteStore(file, { backgroundCheckpoint: { intervalMs: 50 } });
    opened.push(store);
    const before = statSync(file).size;
    // ~600 pages of log, below the backstop: only the worker can copy them into the file.
    for (let i = 0; i < 300; i++) {
      await store.createAgent({ ...agent(`agent${i}`), name: 'x'.repeat(8000) }, '2026-01-01T00:00:00.000Z');
    }
    const grew = await waitUntil(() => statSync(file).size > before + 1_000_000, 5000);
    expect(grew).toBe(true);
    await store.close();
    expect(await openSqliteStore(file).listAgents()).toHaveLength(300);
  });

  it('applies migrations once and is unchanged on reopen', async () => {
    const first = open();
    expect(await first.createAgent(agent('root'), '2026-01-01T00:00:00.000Z')).not.toBeNull();
    await first.close();
    const second = open();
    expect(second.settings().schemaVersion).toBe(MIGRATIONS.length);
    await second.close();
    const third = open();
    expect(third.settings().schemaVersion).toBe(MIGRATIONS.length);
    expect(await third.listAgents()).toHaveLength(1);
  });

  it('upgrades a version 1 file, keeping its chats with default values for the new columns', async () => {
    const raw = new Database(file);
    raw.exec(MIGRATIONS[0] ?? '');
    raw.pragma('user_version = 1');
    raw.prepare(`INSERT INTO chats (id, visitor_id, status, department, subject, visitor_name,
      visitor_email, urgent, priority, locale, page_url, agent_id, agent_name, last_seq, message_count,
      queued_at, requeued, first_assigned_at, assigned_at, ended_at, ticket_ref, created_at)
      VALUES ('c1', 'v1', 'queued', 'sales', 'Devis', 'Sami', 's@example.com', 0, 'low', NULL, NULL,
      NULL, NULL, 1, 1, '2026-01-01T00:00:00.000Z', 0, NULL, NULL, NULL, NULL, '2026-01-01T00:00:00.000Z')`).run();
    raw.close();
    const store = open();
    expect(store.settings().schemaVersion).toBe(MIGRATIONS.length);
    expect(await store.getChat('c1')).toMatchObject({
      id: 'c1', department: 'sales', category: 'technical', answeredAt: null, lastVisitorMessageAt: null,
      lastAgentMessageAt: null, longAt: null, ticketMerged: false,
    });
    const { ticket } = await store.createTicket({
      subject: 'x', department: 'sales', category: 'sales', priority: 'low', urgent: false,
      requesterName: 'Sami', requesterEmail: 's@example.com', source: 'form', visitorId: 'v1',
      firstResponseDueAt: '2026-01-01T04:00:00.000Z', text: 'x', author: { role: 'visitor', name: 'Sami', id: null },
    }, { dedupeSince: null }, '2026-01-01T00:00:00.000Z');
    expect(ticket.ref).toBe('TCK-2026-000001');
  });

  it('enforces one emergency per ticket in the schema itself', async () => {
    const store = open();
    const { ticket } = await store.createTicket({
      subject: 'x', department: 'technical', category: 'outage', priority: 'critical', urgent: false,
      requesterName: 'Sami', requesterEmail: 's@example.com', source: 'form', visitorId: 'v1',
      firstResponseDueAt: '2026-01-01T04:00:00.000Z', text: 'x', author: { role: 'visitor', name: 'Sami', id: null },
    }, { dedupeSince: null }, '2026-01-01T00:00:00.000Z');
    const result = await store.createEmergency({
      ticketRef: ticket.ref, visitorId: 'v1', description: 'x', testedOtherDevices: true, testedOtherNetworks: true,
    }, { perRequesterLimit: 5, windowSince: '2026-01-01T00:00:00.000Z' }, '2026-01-01T00:00:01.000Z');
    expect(result.ok).toBe(true);
    const raw = new Database(file);
    try {
      expect(() => raw.prepare(`INSERT INTO emergencies (id, ticket_ref, requester_email, requester_key,
        visitor_id, description, tested_other_devices, tested_other_networks, abuse, created_at)
        VALUES ('e2', ?, 's@example.com', 's@example.com', 'v1', 'x', 1, 1, 0, '2026-01-01T00:00:02.000Z')`)
        .run(ticket.ref)).toThrow(/UNIQUE/);
    } finally {
      raw.close();
    }
  });

  it('refuses a file written by a newer schema', async () => {
    await open().close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => open()).toThrow(/newer than this server/);
  });

  it('keeps data across close and reopen', async () => {
    const store = open();
    const admin = await store.createAgent(agent('root'), '2026-01-01T00:00:00.000Z');
    await store.createVisitor({ id: 'v1', tokenHash: 't1', createdAt: '2026-01-01T00:00:00.000Z' });
    const created = await store.createChat({
      visitorId: 'v1', department: 'billing', subject: 'Facture', visitorName: 'Sami',
      visitorEmail: 'sami@example.com', urgent: true, priority: 'high', locale: 'ar', pageUrl: null,
      category: 'billing',
    }, {
      clientMessageId: 'c1', authorRole: 'visitor', authorName: 'Sami', authorId: null,
      text: 'مرحبا', internal: false,
    }, '2026-01-01T00:00:01.000Z');
    if (!created.ok) throw new Error('chat not created');
    await store.close();
    await store.close(); // idempotent
    expect(await store.ping()).toBe(false);

    const reopened = open();
    expect(await reopened.getAgentByLogin('ROOT')).toEqual(admin);
    expect(await reopened.getVisitorByTokenHash('t1')).toMatchObject({ id: 'v1' });
    expect(await reopened.getChat(created.chat.id)).toEqual(created.chat);
    expect(await reopened.listMessages(created.chat.id, 0, { includeInternal: false }))
      .toEqual([created.message]);
  });

  it('shows a new agent to a second connection at once (CLI while the server runs)', async () => {
    const server = open();
    const cli = open();
    expect(await server.getAgentByLogin('nadia')).toBeNull();
    const created = await cli.createAgent(agent('nadia'), '2026-01-01T00:00:00.000Z');
    expect(await server.getAgentByLogin('nadia')).toEqual(created);
    // Uniqueness holds across connections too.
    expect(await server.createAgent(agent('NADIA'), '2026-01-01T00:00:01.000Z')).toBeNull();
  });

  it('keeps seqs gap-free when several processes append to the same chat', async () => {
    const store = open();
    await store.createVisitor({ id: 'v1', tokenHash: 't1', createdAt: '2026-01-01T00:00:00.000Z' });
    const created = await store.createChat({
      visitorId: 'v1', department: 'technical', subject: 'Panne', visitorName: 'Lina',
      visitorEmail: 'lina@example.com', urgent: false, priority: 'normal', locale: null, pageUrl: null,
      category: 'outage',
    }, {
      clientMessageId: null, authorRole: 'visitor', authorName: 'Lina', authorId: null,
      text: 'Bonjour', internal: false,
    }, '2026-01-01T00:00:00.000Z');
    if (!created.ok) throw new Error('chat not created');
    const fixture = fileURLToPath(new URL('./append.fixture.ts', import.meta.url));
    const perProcess = 100;
    const labels = ['p1', 'p2', 'p3'];
    const children = startFixtures(fixture, file, labels, (label) => [created.chat.id, String(perProcess), label]);
    // This process appends as well once all are released, yielding so that the writers interleave.
    await children.started;
    const local: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const result = await store.appendMessage({
        chatId: created.chat.id, clientMessageId: `local-${i}`, authorRole: 'agent',
        authorName: 'Agent', authorId: null, text: `local ${i}`, internal: false,
      }, '2026-01-01T00:00:02.000Z');
      if (!result.ok) throw new Error(result.reason);
      local.push(result.message.seq);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const outputs = await children.outputs;
    const perChild = outputs.map((stdout) => JSON.parse(stdout) as number[]);
    // The writers must have overlapped, or this test proves nothing: some child's seqs are
    // not one contiguous run.
    expect(perChild.some((seqs) => seqs.some((seq, i) => i > 0 && seq !== (seqs[i - 1] ?? 0) + 1))).toBe(true);
    const all = [...local, ...perChild.flat()];
    const total = 3 * perProcess + local.length;
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    const stored = await store.listMessages(created.chat.id, 0, { includeInternal: true });
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: total + 1 }, (_, i) => i + 1));
    expect(await store.getChat(created.chat.id)).toMatchObject({ lastSeq: total + 1, messageCount: total + 1 });
  });
});
