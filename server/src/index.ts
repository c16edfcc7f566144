export { createApp, type App, type AppDeps, type AppOptions } from './app';
export { loadConfig, type Config } from './config';
export { createLogger } from './logger';
export { openSqliteStore } from './store/index';
export type { Store } from './store/store';
export { hashToken } from './auth/tokens';
export { openRedisStore, type RedisStore } from './store/redis/index';
export { openCluster, type Cluster } from './cluster/cluster';
