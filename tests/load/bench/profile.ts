import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Reads the V8 CPU profile (.cpuprofile) that `node --cpu-prof` writes at exit and ranks where
// the server spent its own time (self time), by function and by package or source file.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One row of a ranking: a name, self milliseconds, and its share of the busy (non-idle) time. */
export interface ProfileRow {
  name: string;
  selfMs: number;
  percent: number;
}

/** The top self-time functions and areas of the profile in `dir`. */
export interface ProfileSummary {
  file: string;
  /** Main-thread time in samples other than (idle) — including time blocked in system calls such as fsync. */
  busyMs: number;
  windowOnly: boolean;
  functions: ProfileRow[];
  areas: ProfileRow[];
}

function shortUrl(url: string): string {
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pkg) return `${pkg[1]}/${pkg[2]}`;
  const own = /\/(server|shared)\/src\/(.*)$/.exec(url);
  if (own) return `${own[1]}/src/${own[2]}`;
  return url.replace(/^file:\/\//, '');
}

function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return `package ${pkg[1]}`;
  const own = /\/(server|shared)\/src\/(.*)$/.exec(url);
  if (own) return `${own[1]}/src/${own[2]}`;
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/')[0]}`;
  return shortUrl(url);
}

function rank(map: Map<string, number>, busy: number, top: number): ProfileRow[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), percent: Math.round((us / busy) * 1000) / 10 }));
}

/**
 * Summarises the main thread's .cpuprofile in `dir` (named CPU.<date>.<time>.<pid>.<thread>.<seq>,
 * thread 0), counting only the samples taken within `window` (ms on the monotonic clock, which is
 * the profile's clock too; in µs there); null if there is no profile.
 */
export function summarizeProfile(dir: string, window: { start: number; end: number } | null, top = 15): ProfileSummary | null {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  const file = files.find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)) ?? files[0];
  if (!file) return null;
  const full = path.join(dir, file);
  const profile = JSON.parse(readFileSync(full, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // Sample i is taken at startTime + timeDeltas[0..i]; timeDeltas[i + 1] is the time spent in it.
  let at = profile.startTime;
  const from = window ? window.start * 1000 : -Infinity;
  const to = window ? window.end * 1000 : Infinity;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at < to) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    busy += us;
    // tsx-compiled TypeScript reports meaningless line numbers: the file is enough there.
    const line = frame.url.endsWith('.ts') ? '' : `:${frame.lineNumber + 1}`;
    const name = frame.url ? `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}${line}` : frame.functionName || '(anonymous)';
    functions.set(name, (functions.get(name) ?? 0) + us);
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  return { file: full, busyMs: Math.round(busy / 1000), windowOnly: window !== null, functions: rank(functions, busy, top), areas: rank(areas, busy, top) };
}
