import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../store.contract';
import { MIGRATIONS } from './migrations';
import { openSqliteStore, type SqliteStore } from './sqlite.store';

const run = promisify(execFile);

/** Polls `condition` until it holds; fails after `timeoutMs`. */
async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
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
    }, {
      clientMessageId: null, authorRole: 'visitor', authorName: 'Lina', authorId: null,
      text: 'Bonjour', internal: false,
    }, '2026-01-01T00:00:00.000Z');
    if (!created.ok) throw new Error('chat not created');
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const fixture = fileURLToPath(new URL('./append.fixture.ts', import.meta.url));
    const perProcess = 100;
    const labels = ['p1', 'p2', 'p3'];
    const children = Promise.all(labels.map((label) => run(process.execPath,
      [tsx, fixture, file, created.chat.id, String(perProcess), label])));
    // Observed now so that an early child failure is not an unhandled rejection; awaited below.
    children.catch(() => undefined);
    // Start barrier (see append.fixture.ts); this process appends as well, yielding so that
    // the writers interleave.
    try {
      await waitFor(() => labels.every((label) => existsSync(`${file}.ready-${label}`)));
    } finally {
      writeFileSync(`${file}.go`, ''); // also on failure, so that no child waits forever
    }
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
    const outputs = await children;
    const perChild = outputs.map(({ stdout }) => JSON.parse(stdout) as number[]);
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
