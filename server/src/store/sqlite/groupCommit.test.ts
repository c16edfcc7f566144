import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCommit } from './groupCommit';

// Proof of grouping: a second connection cannot see uncommitted rows, so while the calls of
// one group run, it sees none of the group's earlier inserts; with one commit per call it
// would see each of them.

let dir: string;
let db: Database.Database;
let reader: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'besoin-group-'));
  const file = path.join(dir, 'group.sqlite');
  db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
  reader = new Database(file, { readonly: true });
});
afterEach(() => {
  reader.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Inserts `n` and returns how many rows another connection saw just before; refuses n < 0 after writing it. */
function insertOperation() {
  const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
  const seen = reader.prepare('SELECT count(*) AS c FROM t');
  return (n: number) => {
    const before = (seen.get() as { c: number }).c;
    insert.run(n);
    if (n < 0) throw new Error(`refused ${n}`); // after a write: that write must not stay
    return before;
  };
}

const count = () => (db.prepare('SELECT count(*) AS c FROM t').get() as { c: number }).c;

describe('groupCommit', () => {
  it('writes the calls of one turn of the event loop in one transaction, each answered with its own result', async () => {
    const append = groupCommit(db, insertOperation());
    const seenBefore = await Promise.all(Array.from({ length: 20 }, (_, i) => append(i + 1)));
    expect(seenBefore).toEqual(Array(20).fill(0)); // none of the group was visible before its commit
    expect(count()).toBe(20);
    // The next turn is a new group, which sees the first one committed.
    expect(await Promise.all([append(21), append(22)])).toEqual([20, 20]);
  });

  it('answers a call only once its group is committed', async () => {
    const append = groupCommit(db, insertOperation());
    const pending = append(1);
    expect(count()).toBe(0);
    await pending;
    expect((reader.prepare('SELECT count(*) AS c FROM t').get() as { c: number }).c).toBe(1);
  });

  it('rolls back and rejects only the call that throws (its write included); the others of its group are stored', async () => {
    const append = groupCommit(db, insertOperation());
    const results = await Promise.allSettled([append(1), append(-1), append(2)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(db.prepare('SELECT n FROM t ORDER BY n').pluck().all()).toEqual([1, 2]);
  });

  it('rejects every call of a group whose transaction cannot start, and stores none of them', async () => {
    const append = groupCommit(db, insertOperation());
    const other = new Database(path.join(dir, 'group.sqlite'), { timeout: 0 });
    db.pragma('busy_timeout = 200');
    other.exec('BEGIN IMMEDIATE'); // another writer holds the lock
    const started = performance.now();
    const results = await Promise.allSettled([append(1), append(2), append(3), append(4)]);
    const waitedMs = performance.now() - started;
    other.exec('ROLLBACK');
    other.close();
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    // One busy wait for the group, not one more per call (that would be about a second).
    expect(waitedMs).toBeLessThan(600);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
    expect(count()).toBe(0);
  });

  it('writes what is waiting on flush() (before the store closes)', () => {
    const append = groupCommit(db, insertOperation());
    void append(1);
    void append(2);
    append.flush();
    expect(count()).toBe(2);
  });
});
