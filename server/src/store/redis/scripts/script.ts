import { createHash } from 'node:crypto';
import { LUA_KEYS } from '../keys';

// A Lua script is sent by its SHA1 (EVALSHA) and, when the server does not know it yet (first
// use, restart, SCRIPT FLUSH), once in full (EVAL), which also caches it. Redis runs a script
// alone, start to finish: no other client's command can interleave with its reads and writes,
// which is what makes each read-check-write below atomic across processes.

/** A script ready to run: its full source and SHA1. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

// Every script starts with this: P is the key prefix (ARGV[1]), A the remaining arguments.
const PRELUDE = `
local P = ARGV[1]
local A = {}
for i = 2, #ARGV do A[i - 1] = ARGV[i] end
${LUA_KEYS}`;

/** Builds a script from shared Lua libraries (see lib.ts) and a body. */
export function luaScript(name: string, libraries: readonly string[], body: string): LuaScript {
  const source = `-- besoin: ${name}\n${PRELUDE}\n${libraries.join('\n')}\n${body}`;
  return { name, source, sha: createHash('sha1').update(source).digest('hex') };
}
