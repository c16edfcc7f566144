import path from 'node:path';

// The trace analysis of the widget-cost benchmark (../widget-cost.ts): which script entries ran on
// the page's renderer main thread, attributed to a script URL, and the wall and CPU time they
// cover. Input: the events of a Chrome trace recorded with CATEGORIES.

/** DevTools' timeline categories; every event used below is in them (v8.compile* and v8.evaluateModule are "v8,devtools.timeline"). */
export const CATEGORIES = ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline'];

/** An event of a Chrome trace (the fields used here). */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  id2?: { local?: string; global?: string };
  args?: { data?: Record<string, unknown>; fileName?: string; animation_frame_script_timing_info?: Record<string, unknown>; name?: string };
}

/** One script entry on the main thread: [start, end] in µs, the script URL it is attributed to, what it was. */
export interface Entry {
  start: number;
  end: number;
  url: string;
  kind: string;
}

/** `value` if it is a string, else ''. */
export const str = (value: unknown) => (typeof value === 'string' ? value : '');
/** Rounded to 2 decimals. */
export const round = (n: number) => Math.round(n * 100) / 100;

/** The renderer main thread (pid, tid) that ran a script of `origin` (site isolation may give the page its own process). */
export function mainThread(events: TraceEvent[], origin: string): { pid: number; tid: number } {
  const names = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
  const hit = events.find(
    (e) =>
      names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' &&
      (str(e.args?.data?.url).startsWith(origin) || str(e.args?.animation_frame_script_timing_info?.source_location_url).startsWith(origin)),
  );
  if (!hit) throw new Error(`no script of ${origin} ran on a renderer main thread in the trace`);
  return { pid: hit.pid, tid: hit.tid };
}

/** Names of the complete events as the Script::Execute entries name the same thing (those exist only from 5 ms on). */
const X_KINDS: Record<string, string> = { EvaluateScript: 'CLASSIC_SCRIPT', 'v8.evaluateModule': 'MODULE_SCRIPT' };

/**
 * The script entries of the main thread, each attributed to one URL:
 * - `EvaluateScript` (classic script: compile + top-level run, args.data.url), `v8.compile`
 *   (args.data.url), `v8.compileModule` (args.data.url or args.fileName), `FunctionCall` (a
 *   listener, timer, rAF or observer callback called by Blink, args.data.url);
 * - `AnimationFrame::Script::Execute` (async b/e pairs; Chrome's script-entry instrumentation, the
 *   data of the Long Animation Frames API's PerformanceScriptTiming): an entry point into a
 *   script — classic or module script, event handler, timer, promise resolution (the `import()`
 *   continuation, `fetch().json()`) — with `source_location_url`. This is what covers module
 *   evaluation and microtasks, which carry no URL of their own (Lighthouse's bootup-time leaves
 *   them "Unattributable"). Chrome records these only from 5 ms on (the LoAF threshold): a
 *   shorter promise continuation is not counted (the other entries are, by the events above).
 * - `v8.evaluateModule` (no URL): the URL of the Script::Execute entry around it, else of the last
 *   `v8.compileModule`.
 * Like the Long Animation Frames API, a promise callback is attributed to the script that
 * registered it: the loader's `import(…).then(mod => mod.mount(…))` counts as widget.js although
 * mount() is widget-app.js code; the per-file split of the first open says so (`breakdown`).
 */
export function scriptEntries(events: TraceEvent[], thread: { pid: number; tid: number }): Entry[] {
  const own = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid).sort((a, b) => a.ts - b.ts);
  const entries: Entry[] = [];
  const open = new Map<string, TraceEvent[]>();
  for (const e of own) {
    if (e.name !== 'AnimationFrame::Script::Execute') continue;
    const key = e.id2?.local ?? e.id2?.global ?? e.id ?? '';
    const stack = open.get(key) ?? [];
    open.set(key, stack);
    if (e.ph === 'b') stack.push(e);
    else if (e.ph === 'e') {
      const begin = stack.pop();
      const info = begin?.args?.animation_frame_script_timing_info ?? {};
      const property = str(info.property_like_name).split(':')[0] ?? ''; // "click", "import", "TimerHandler:setTimeout" → "TimerHandler"
      if (begin) entries.push({ start: begin.ts, end: e.ts, url: str(info.source_location_url), kind: `${str(info.invoker_type)} ${property}`.trim() });
    }
  }
  const executes = [...entries];
  let lastModule = '';
  for (const e of own) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const [start, end] = [e.ts, e.ts + e.dur];
    const data = e.args?.data ?? {};
    let url = '';
    if (e.name === 'EvaluateScript' || e.name === 'FunctionCall' || e.name === 'v8.compile') url = str(data.url);
    else if (e.name === 'v8.compileModule') url = lastModule = str(data.url) || str(e.args?.fileName);
    else if (e.name === 'v8.evaluateModule') url = executes.find((x) => x.start <= start && end <= x.end)?.url ?? lastModule;
    else continue;
    if (url) entries.push({ start, end, url, kind: e.name === 'FunctionCall' ? callbackKind(own, e) : (X_KINDS[e.name] ?? e.name) });
  }
  return entries.filter((entry) => entry.url !== '');
}

/** What called a FunctionCall: the event dispatch, timer or animation frame around it. */
function callbackKind(own: TraceEvent[], call: TraceEvent): string {
  const end = call.ts + (call.dur ?? 0);
  for (let i = own.indexOf(call) - 1, seen = 0; i >= 0 && seen < 200; i--, seen++) {
    const e = own[i]!;
    if (e.ph !== 'X' || e.ts + (e.dur ?? 0) < end) continue;
    if (e.name === 'EventDispatch') return `EVENT_HANDLER ${str(e.args?.data?.type)}`;
    if (e.name === 'TimerFire') return 'USER_CALLBACK TimerHandler';
    if (e.name === 'FireAnimationFrame') return 'USER_CALLBACK FrameRequestCallback';
  }
  return 'USER_CALLBACK';
}

/** Merged, sorted intervals of the entries that match, clipped to [from, to]. */
export function union(entries: Entry[], match: (url: string) => boolean, from: number, to: number): Array<[number, number]> {
  const spans = entries
    .filter((e) => match(e.url))
    .map((e): [number, number] => [Math.max(e.start, from), Math.min(e.end, to)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}

/** Total length of the spans, in ms. */
export const msOf = (spans: Array<[number, number]>) => spans.reduce((sum, [s, e]) => sum + (e - s), 0) / 1000;

/** Thread (CPU) time inside the spans: `tdur` of the outermost complete events that lie within them. */
export function cpuMs(events: TraceEvent[], thread: { pid: number; tid: number }, spans: Array<[number, number]>): number {
  const xs = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.dur !== undefined && e.tdur !== undefined);
  xs.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  let total = 0;
  for (const [s, end] of spans) {
    let covered = -Infinity;
    for (const e of xs) {
      if (e.ts < s || e.ts + e.dur! > end || e.ts < covered) continue;
      total += e.tdur!;
      covered = e.ts + e.dur!;
    }
  }
  return total / 1000;
}

/** Time per kind of outermost entry (not inside another entry) for the URLs that match. */
export function breakdown(entries: Entry[], match: (url: string) => boolean, from: number, to: number): Record<string, number> {
  const sorted = entries.filter((e) => match(e.url)).sort((a, b) => a.start - b.start || b.end - a.end);
  const outermost: Entry[] = [];
  for (const e of sorted) if (!outermost.some((o) => o.start <= e.start && e.end <= o.end)) outermost.push(e);
  const out: Record<string, number> = {};
  for (const e of outermost) {
    if (e.end <= from || e.start >= to) continue;
    const key = `${e.kind} (${path.basename(new URL(e.url).pathname)})`;
    out[key] = round((out[key] ?? 0) + (Math.min(e.end, to) - Math.max(e.start, from)) / 1000);
  }
  return out;
}
