import type Database from 'better-sqlite3';

// Group commit: the calls of one operation that arrive within one turn of the event loop are
// written in one BEGIN IMMEDIATE … COMMIT, each in its own savepoint, and only then answered.
// Under load many messages arrive in the same turn (one poll phase reads many sockets), and a
// commit costs far more than the statements of one message; every caller still gets its own
// result, and nothing is answered before it is committed (DESIGN §2: stored before the ack).

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<A extends unknown[], R> {
  args: A;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/** A grouped operation: call it like the transaction; `flush()` writes what is waiting now. */
export interface GroupCommit<A extends unknown[], R> {
  (...args: A): Promise<R>;
  flush(): void;
}

/**
 * Wraps `operation` (a better-sqlite3 transaction function) so that calls made in the same
 * turn of the event loop share one transaction. A call that throws rolls back only its own
 * savepoint and rejects only its own promise; a failure of the transaction itself (the lock
 * not obtained, the commit refused) rejects every call of the group, none of which is stored.
 */
export function groupCommit<A extends unknown[], R>(db: Database.Database, operation: Database.Transaction<(...args: A) => R>): GroupCommit<A, R> {
  let waiting: Pending<A, R>[] = [];
  const attempt = (args: A): Outcome<R> => {
    try {
      // Inside a transaction, a better-sqlite3 transaction function runs as a savepoint.
      return { ok: true, value: operation(...args) };
    } catch (error) {
      return { ok: false, error };
    }
  };
  const group = db.transaction((items: Pending<A, R>[]) => items.map((item) => attempt(item.args)));

  function flush(): void {
    const items = waiting;
    waiting = [];
    if (items.length === 0) return;
    let outcomes: Outcome<R>[];
    try {
      outcomes = items.length === 1 ? [settleAlone(items[0]!.args)] : group.immediate(items);
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? items[i]!.resolve(outcome.value) : items[i]!.reject(outcome.error)));
  }

  /** One call alone needs no savepoint: its own transaction, as without grouping. */
  function settleAlone(args: A): Outcome<R> {
    try {
      return { ok: true, value: operation.immediate(...args) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  const call = (...args: A): Promise<R> => new Promise<R>((resolve, reject) => {
    if (waiting.push({ args, resolve, reject }) === 1) setImmediate(flush);
  });
  return Object.assign(call, { flush });
}
