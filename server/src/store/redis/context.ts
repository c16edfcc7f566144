import { ErrorReply } from 'redis';
import { keyspace, type Keys } from './keys';
import type { RedisClient } from './connection';
import type { LuaScript } from './scripts/script';

// What the operation modules (agents.ts, chats.ts, …) need from a store: its key names, raw
// commands and scripts. Every reply is `unknown` until a zod schema has parsed it.

/** The store's view of Redis, shared by the operation modules. */
export interface RedisContext {
  readonly keys: Keys;
  /** Sends one command; node-redis pipelines concurrent calls on the connection. */
  command(args: readonly string[]): Promise<unknown>;
  /** Runs a script with `args` (the prefix is passed first, as ARGV[1]). */
  run(script: LuaScript, args: readonly string[]): Promise<unknown>;
}

/** Binds a client and a key prefix into a {@link RedisContext}. */
export function createContext(client: RedisClient, prefix: string): RedisContext {
  const command = (args: readonly string[]) => client.sendCommand<unknown>(args);
  return {
    keys: keyspace(prefix),
    command,
    async run(script, args) {
      const tail = ['0', prefix, ...args];
      try {
        return await command(['EVALSHA', script.sha, ...tail]);
      } catch (error) {
        // Unknown to this server (first use, restart, SCRIPT FLUSH): send it once in full.
        if (!(error instanceof ErrorReply) || !error.message.startsWith('NOSCRIPT')) throw error;
        return command(['EVAL', script.source, ...tail]);
      }
    },
  };
}
