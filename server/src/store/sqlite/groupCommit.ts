import type Database from 'better-sqlite3';

// Group commit: the calls of one operation that arrive within one turn of the event loop are
// written in one BEGIN IMMEDIATE … COMMIT, and only then answered.
// Under load many messages arrive in the same turn (one poll phase reads many sockets), and a
// commit costs far more than the statements of one message; every caller still gets its own
// result, and nothing is answered before it is committed (DESIGN §2: stored before the ack).

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<A extends unknown[], R> {
  args: A;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/** SQLITE_BUSY or SQLITE_LOCKED (better-sqlite3's SqliteError carries the code). */
function isLockError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** A grouped operation: call it like the transaction; `flush()` writes what is waiting now. */
export interface GroupCommit<A extends unknown[], R> {
  (...args: A): Promise<R>;
  flush(): void;
}

/**
 * Wraps `body` (a read-check-write run inside a transaction) so that calls made in the same turn
 * of the event loop share one transaction. The group runs the bodies one after the other with
 * no savepoints (each costs two statements); if one throws, the group is rolled back and each
 * call runs again in its own transaction, so that a call that throws fails alone. When the
 * write lock cannot be obtained, every call of the group is rejected, none of it stored.
 */
export function groupCommit<A extends unknown[], R>(db: Database.Database, body: (...args: A) => R): GroupCommit<A, R> {
  let waiting: Pending<A, R>[] = [];
  const single = db.transaction(body);
  const group = db.transaction((items: Pending<A, R>[]) => items.map((item) => body(...item.args)));

  function alone(args: A): Outcome<R> {
    try {
      return { ok: true, value: single.immediate(...args) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  function flush(): void {
    const items = waiting;
    waiting = [];
    if (items.length === 0) return;
    let outcomes: Outcome<R>[];
    if (items.length === 1) {
      outcomes = [alone(items[0]!.args)];
    } else {
      try {
        outcomes = group.immediate(items).map((value) => ({ ok: true, value }));
      } catch (error) {
        // The write lock was not obtained (another process held it past the busy timeout):
        // nothing ran, and each call alone would wait as long again. Otherwise the group was
        // rolled back as a whole: each call again, alone (the one that threw fails by itself).
        outcomes = isLockError(error) ? items.map(() => ({ ok: false, error })) : items.map((item) => alone(item.args));
      }
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? items[i]!.resolve(outcome.value) : items[i]!.reject(outcome.error)));
  }

  const call = (...args: A): Promise<R> => new Promise<R>((resolve, reject) => {
    if (waiting.push({ args, resolve, reject }) === 1) setImmediate(flush);
  });
  return Object.assign(call, { flush });
}
