export type * from './store';
export { openSqliteStore, SqliteStore } from './sqlite/index';
export type { SqliteSettings } from './sqlite/index';
