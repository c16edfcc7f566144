import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Store } from '@besoin/server';
import type { StoredMessage } from './deliveryCheck';

// Reads the messages a server stored, either straight from its SQLite file (a server in a
// child process, possibly killed) or through the Store interface (a server in this process).

interface SqliteRow { id: string; chat_id: string; seq: number; client_message_id: string | null; author_role: string; internal: number }
interface ReadonlyDb { prepare(sql: string): { all(): unknown[] }; close(): void }
type DatabaseConstructor = new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => ReadonlyDb;

// better-sqlite3 is the server's dependency, not the tests' one: load it from there.
const requireFromServer = createRequire(new URL('../../server/package.json', import.meta.url));

/**
 * Every message row of the SQLite file, read-only (WAL lets it run beside a live server).
 * `copy: true` reads a copy of the file and its WAL instead: after a crash, opening the file
 * itself would recover the WAL, which is the restarted server's job, not the test's.
 */
export function readSqliteMessages(file: string, options: { copy?: boolean } = {}): StoredMessage[] {
  const Database = requireFromServer('better-sqlite3') as DatabaseConstructor;
  let copyDir: string | null = null;
  let source = file;
  if (options.copy) {
    copyDir = mkdtempSync(path.join(tmpdir(), 'besoin-copy-'));
    source = path.join(copyDir, path.basename(file));
    copyFileSync(file, source);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${source}-wal`);
  }
  const db = new Database(source, { readonly: !options.copy, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT id, chat_id, seq, client_message_id, author_role, internal FROM messages ORDER BY chat_id, seq').all() as SqliteRow[];
    return rows.map((r) => ({ id: r.id, chatId: r.chat_id, seq: r.seq, clientMessageId: r.client_message_id, authorRole: r.author_role, internal: r.internal === 1 }));
  } finally {
    db.close();
    if (copyDir) rmSync(copyDir, { recursive: true, force: true });
  }
}

/** Every message of the given chats, through the Store interface. */
export async function readStoreMessages(store: Store, chatIds: string[]): Promise<StoredMessage[]> {
  const lists = await Promise.all(chatIds.map((id) => store.listMessages(id, 0, { includeInternal: true })));
  return lists.flat().map((m) => ({ id: m.id, chatId: m.chatId, seq: m.seq, clientMessageId: m.clientMessageId, authorRole: m.authorRole, internal: m.internal }));
}
