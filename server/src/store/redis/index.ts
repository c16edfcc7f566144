export {
  DEFAULT_PREFIX, openRedisStore, RedisStore, type RedisStoreOptions,
} from './redis.store';
export { MAX_RECONNECT_DELAY_MS, reconnectDelay } from './connection';
