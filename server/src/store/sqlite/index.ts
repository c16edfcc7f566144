export { openSqliteStore, SqliteStore, BUSY_TIMEOUT_MS } from './sqlite.store';
export type { SqliteSettings } from './sqlite.store';
