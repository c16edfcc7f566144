// What the widget costs a host page, measured in headless Chromium (issue 9).
//   pnpm build && pnpm --filter @besoin/tests exec tsx load/widget-cost.ts [--runs N] [--quick] [--keep-traces DIR] [--out FILE]
// --runs N: measured runs per scenario and throttling (default 10); --quick: 3 runs; --out: the JSON
// elsewhere than tests/load/results/widget-cost.json (e.g. for a quick check that should not replace it).
//
// A real server (createApp, port 0) serves the built widget; a tiny HTTP server on another
// loopback port serves the host page, so the widget is a cross-origin third party as on a
// customer's site. Host pages: "minimal" (one <script async> tag, nothing else: the widget is the
// page's first and only script) and "scripted" (the host's own inline script runs first and
// touches the DOM and Web Storage, as most real pages do). Every run uses a fresh browser context
// (cold HTTP cache, no V8 code cache, empty storage), with 4× CPU throttling
// (Emulation.setCPUThrottlingRate) and without. Per run, two Chrome traces:
//   1. page load: navigation → load event + 500 ms. Loader = widget.js.
//   2. first open: click on "Besoin d'aide" → dialog "Assistance" shown with its form → + 1 s.
// Main-thread script time by script URL, from the trace (see `scriptEntries`): the union of the
// intervals of the script entry events of that URL on the page's renderer main thread.
// Bytes: CDP Network events (encodedDataLength = bytes on the wire, headers included).
// Writes a table to stdout and tests/load/results/widget-cost.json (docs/WIDGET-COST.md: method and figures).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startServer, type E2eServer } from '../support/server';
import { sleep } from '../support/waitFor';

const argv = process.argv.slice(2);
const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const RUNS = argv.includes('--quick') ? 3 : Number(option('--runs') ?? 10);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a positive integer');
const KEEP_TRACES = option('--keep-traces');
const RATES = [4, 1] as const;
const HOSTS = ['minimal', 'scripted'] as const;
type Host = (typeof HOSTS)[number];
/** Target of issue 9: loader main-thread script time at 4× CPU throttling. */
const LOADER_TARGET_MS = 10;
/** DevTools' timeline categories; every event used below is in them (v8.compile* and v8.evaluateModule are "v8,devtools.timeline"). */
const CATEGORIES = ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline'];
const WIDGET_DIST = fileURLToPath(new URL('../../widget/dist/', import.meta.url));
const RESULTS = path.resolve(option('--out') ?? fileURLToPath(new URL('./results/widget-cost.json', import.meta.url)));
const FILES = ['widget.js', 'widget-app.js', 'widget-extra.js'] as const;

// ---------------------------------------------------------------- trace analysis

interface TraceEvent {
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
interface Entry {
  start: number;
  end: number;
  url: string;
  kind: string;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const round = (n: number) => Math.round(n * 100) / 100;

/** The renderer main thread (pid, tid) that ran a script of `origin` (site isolation may give the page its own process). */
function mainThread(events: TraceEvent[], origin: string): { pid: number; tid: number } {
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
function scriptEntries(events: TraceEvent[], thread: { pid: number; tid: number }): Entry[] {
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
function union(entries: Entry[], match: (url: string) => boolean, from: number, to: number): Array<[number, number]> {
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

const msOf = (spans: Array<[number, number]>) => spans.reduce((sum, [s, e]) => sum + (e - s), 0) / 1000;

/** Thread (CPU) time inside the spans: `tdur` of the outermost complete events that lie within them. */
function cpuMs(events: TraceEvent[], thread: { pid: number; tid: number }, spans: Array<[number, number]>): number {
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
function breakdown(entries: Entry[], match: (url: string) => boolean, from: number, to: number): Record<string, number> {
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

// ---------------------------------------------------------------- browser side

/** Starts a Chrome trace on the page's CDP session; `stop()` returns its events (bounded waits). */
async function startTrace(cdp: CDPSession): Promise<{ stop: () => Promise<TraceEvent[]> }> {
  const events: TraceEvent[] = [];
  const collect = (payload: { value: unknown[] }) => void events.push(...(payload.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { categories: CATEGORIES.join(','), transferMode: 'ReportEvents' }, { timeout: 10_000 });
  return {
    async stop() {
      const complete = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('trace not complete after 30 s')), 30_000);
        cdp.once('Tracing.tracingComplete', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      await cdp.send('Tracing.end', undefined, { timeout: 10_000 });
      await complete;
      cdp.off('Tracing.dataCollected', collect);
      return events;
    },
  };
}

interface Request {
  url: string;
  method: string;
  phase: 'load' | 'open';
  type: string;
  status: number;
  contentEncoding: string;
  /** Bytes received for the request, headers included (Network.loadingFinished.encodedDataLength). */
  transferBytes: number;
  /** Decoded body bytes (sum of Network.dataReceived.dataLength). */
  bodyBytes: number;
}

/** Records the page's requests, labelled with the phase in which they started. */
async function recordRequests(cdp: CDPSession, phase: () => 'load' | 'open'): Promise<Map<string, Request>> {
  const requests = new Map<string, Request>();
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { url: e.request.url, method: e.request.method, phase: phase(), type: e.type ?? '', status: 0, contentEncoding: '', transferBytes: 0, bodyBytes: 0 });
  });
  cdp.on('Network.responseReceived', (e) => {
    const request = requests.get(e.requestId);
    if (!request) return;
    request.status = e.response.status;
    const headers = Object.entries(e.response.headers);
    request.contentEncoding = headers.find(([name]) => name.toLowerCase() === 'content-encoding')?.[1] ?? '';
  });
  cdp.on('Network.dataReceived', (e) => {
    const request = requests.get(e.requestId);
    if (request) request.bodyBytes += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const request = requests.get(e.requestId);
    if (request) request.transferBytes = e.encodedDataLength;
  });
  await cdp.send('Network.enable', {}, { timeout: 10_000 });
  return requests;
}

/**
 * In the page: resolves once the "Assistance" dialog is shown (not hidden, with its "Démarrer la
 * discussion" button) and marks that instant in the trace with console.timeStamp. A MutationObserver
 * on the open shadow root, reading only attributes and text: no style or layout is forced.
 */
const WATCH_PANEL = `(() => {
  const root = document.querySelector('[data-besoin-daide]')?.shadowRoot;
  if (!root) throw new Error('no widget shadow root');
  window.__besoinShown = new Promise((resolve, reject) => {
    const shown = () => [...root.querySelectorAll('[role="dialog"]')].some((dialog) =>
      !dialog.hidden && [...dialog.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Démarrer la discussion'));
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('panel not shown within 20 s')); }, 20000);
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      clearTimeout(timer);
      console.timeStamp('besoin:shown');
      resolve(true);
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
  });
  return true;
})()`;

/** Rejects after `ms` (every wait of the script is bounded). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface RunResult {
  /** 1-minute load average of the machine when the run ended (other processes share the CPUs). */
  loadAverage: number;
  loader: { scriptMs: number; cpuMs: number; entries: Record<string, number> };
  open: {
    clickToShownMs: number;
    clickToPaintMs: number | null;
    scriptUntilShownMs: { loader: number; app: number; widget: number };
    scriptUntilShownCpuMs: number;
    scriptSettledMs: { loader: number; app: number; widget: number };
    entriesUntilShown: Record<string, number>;
  };
  bytes: { load: Request[]; open: Request[] };
}

/** One cold run: fresh context, throttled at `rate`, page load then first open. */
async function measure(browser: Browser, server: E2eServer, hostUrl: string, rate: number, tracePrefix?: string): Promise<RunResult> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 720 } });
  try {
    const page: Page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    let phase: 'load' | 'open' = 'load';
    const requests = await recordRequests(cdp, () => phase);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate }, { timeout: 10_000 });
    const origin = server.url;
    const isLoader = (url: string) => url === `${origin}/widget.js`;
    const isApp = (url: string) => url.startsWith(`${origin}/widget-`) && url.includes('.js');
    const isWidget = (url: string) => isLoader(url) || isApp(url);

    // 1. page load
    const loadTrace = await startTrace(cdp);
    await page.goto(hostUrl, { waitUntil: 'load', timeout: 30_000 });
    await sleep(500);
    const loadEvents = await loadTrace.stop();
    const loadThread = mainThread(loadEvents, origin);
    const loadEntries = scriptEntries(loadEvents, loadThread);
    const loaderSpans = union(loadEntries, isLoader, -Infinity, Infinity);
    if (loaderSpans.length === 0) throw new Error('the loader did not run');

    // 2. first open
    const launcher = page.getByRole('button', { name: "Besoin d'aide" });
    await launcher.waitFor({ state: 'visible', timeout: 15_000 });
    const box = await launcher.boundingBox({ timeout: 5_000 });
    if (!box) throw new Error('the launcher has no box');
    await page.evaluate(WATCH_PANEL);
    phase = 'open';
    const openTrace = await startTrace(cdp);
    await sleep(200); // let every process start recording before the click
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await within(page.evaluate('window.__besoinShown'), 25_000, 'panel shown');
    await sleep(1_000);
    const openEvents = await openTrace.stop();
    const thread = mainThread(openEvents, origin);
    const own = openEvents.filter((e) => e.pid === thread.pid && e.tid === thread.tid);
    const click = own.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
    const shown = own.find((e) => e.name === 'TimeStamp' && str(e.args?.data?.message) === 'besoin:shown');
    if (!click || !shown) throw new Error(`trace without ${click ? 'the "shown" mark' : 'the click'}`);
    const commit = own.filter((e) => e.name === 'Commit' && e.ts >= shown.ts).sort((a, b) => a.ts - b.ts)[0];
    const traceEnd = Math.max(...own.map((e) => e.ts + (e.dur ?? 0)));
    const openEntries = scriptEntries(openEvents, thread);
    const spanMs = (match: (url: string) => boolean, to: number) => round(msOf(union(openEntries, match, click.ts, to)));
    if (tracePrefix) {
      writeFileSync(`${tracePrefix}-load.json`, JSON.stringify({ traceEvents: loadEvents }));
      writeFileSync(`${tracePrefix}-open.json`, JSON.stringify({ traceEvents: openEvents }));
    }
    const all = [...requests.values()].map((r) => ({ ...r, url: r.url.replace(origin, '<server>').replace(hostUrl, '<host>/') }));
    return {
      loadAverage: round(os.loadavg()[0] ?? 0),
      loader: { scriptMs: round(msOf(loaderSpans)), cpuMs: round(cpuMs(loadEvents, loadThread, loaderSpans)), entries: breakdown(loadEntries, isLoader, -Infinity, Infinity) },
      open: {
        clickToShownMs: round((shown.ts - click.ts) / 1000),
        clickToPaintMs: commit ? round((commit.ts + (commit.dur ?? 0) - click.ts) / 1000) : null,
        scriptUntilShownMs: { loader: spanMs(isLoader, shown.ts), app: spanMs(isApp, shown.ts), widget: spanMs(isWidget, shown.ts) },
        scriptUntilShownCpuMs: round(cpuMs(openEvents, thread, union(openEntries, isWidget, click.ts, shown.ts))),
        scriptSettledMs: { loader: spanMs(isLoader, traceEnd), app: spanMs(isApp, traceEnd), widget: spanMs(isWidget, traceEnd) },
        entriesUntilShown: breakdown(openEntries, isWidget, click.ts, shown.ts),
      },
      bytes: { load: all.filter((r) => r.phase === 'load'), open: all.filter((r) => r.phase === 'open') },
    };
  } finally {
    await context.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- statistics and report

/** median, p90 (nearest rank), min, max. */
function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { median: round(median), p90: round(rank(0.9)), min: round(s[0]!), max: round(s.at(-1)!), n: s.length };
}
type Stats = ReturnType<typeof stats>;

/** Raw, gzip -9 and brotli q11 sizes of the built files (what compression would put on the wire). */
function fileSizes() {
  const missing = FILES.filter((name) => !existsSync(path.join(WIDGET_DIST, name)));
  if (missing.length > 0) throw new Error(`widget/dist lacks ${missing.join(', ')}: run \`pnpm build\` first`);
  return Object.fromEntries(
    FILES.map((name) => {
      const raw = readFileSync(path.join(WIDGET_DIST, name));
      const brotli = brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
      return [name, { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length, brotli }];
    }),
  );
}

/** A tiny host site on its own loopback port (another origin than the widget's server). */
async function startHost(widgetUrl: string): Promise<{ url: string; server: Server }> {
  const tag = `<script src="${widgetUrl}/widget.js" async></script>`;
  const hostScript = `<script>document.body.dataset.host = 'ready'; try { localStorage.getItem('host'); sessionStorage.getItem('host'); } catch (e) {}</script>`;
  const page = (own: string) =>
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Page hôte</title></head><body><h1>Page hôte</h1><p>Une page qui intègre le widget.</p>${own}${tag}</body></html>`;
  const pages: Record<string, string> = { '/minimal': page(''), '/scripted': page(hostScript) };
  const server = createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('host server has no port');
  return { url: `http://127.0.0.1:${address.port}`, server };
}

const pad = (s: string, n: number) => s.padEnd(n);
const fmt = (s: Stats) => `${s.median.toFixed(1).padStart(7)} ${s.p90.toFixed(1).padStart(7)} ${s.min.toFixed(1).padStart(7)} ${s.max.toFixed(1).padStart(7)}`;

// ---------------------------------------------------------------- main

let browser: Browser | undefined;
let server: E2eServer | undefined;
let host: Server | undefined;
const cleanup = async () => {
  await browser?.close().catch(() => undefined);
  await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
  await server?.close().catch(() => undefined);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

try {
  const sizes = fileSizes();
  const loadBefore = os.loadavg();
  server = await startServer();
  const hostSite = await startHost(server.url);
  host = hostSite.server;
  browser = await launchChromium();
  if (KEEP_TRACES) mkdirSync(KEEP_TRACES, { recursive: true });
  console.log(`Chromium ${browser.version()}, ${RUNS} runs per case (+1 warm-up per throttling, discarded), ${os.cpus().length} CPUs, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  for (const rate of RATES) await measure(browser, server, `${hostSite.url}/minimal`, rate);

  const runs: Record<Host, Record<string, RunResult[]>> = { minimal: { '4x': [], '1x': [] }, scripted: { '4x': [], '1x': [] } };
  for (let i = 0; i < RUNS; i++) {
    for (const hostName of HOSTS) {
      for (const rate of RATES) {
        const prefix = KEEP_TRACES ? path.join(KEEP_TRACES, `${hostName}-${rate}x-${i + 1}`) : undefined;
        runs[hostName][`${rate}x`]!.push(await measure(browser, server, `${hostSite.url}/${hostName}`, rate, prefix));
      }
    }
    process.stdout.write(`run ${i + 1}/${RUNS} done\n`);
  }

  const summary = (list: RunResult[], rate: number) => ({
    loaderScriptMs: stats(list.map((r) => r.loader.scriptMs)),
    ...(rate === 1 ? { loaderSimulated4xMs: stats(list.map((r) => r.loader.scriptMs * 4)) } : {}),
    loaderCpuMs: stats(list.map((r) => r.loader.cpuMs)),
    openClickToShownMs: stats(list.map((r) => r.open.clickToShownMs)),
    openClickToPaintMs: stats(list.map((r) => r.open.clickToPaintMs ?? Number.NaN).filter((n) => !Number.isNaN(n))),
    openWidgetScriptUntilShownMs: stats(list.map((r) => r.open.scriptUntilShownMs.widget)),
    openWidgetCpuUntilShownMs: stats(list.map((r) => r.open.scriptUntilShownCpuMs)),
    openAppScriptUntilShownMs: stats(list.map((r) => r.open.scriptUntilShownMs.app)),
    openLoaderScriptUntilShownMs: stats(list.map((r) => r.open.scriptUntilShownMs.loader)),
    openWidgetScriptSettledMs: stats(list.map((r) => r.open.scriptSettledMs.widget)),
    loadAverage1m: stats(list.map((r) => r.loadAverage)),
  });
  const figures = Object.fromEntries(HOSTS.map((h) => [h, Object.fromEntries(RATES.map((rate) => [`${rate}x`, summary(runs[h][`${rate}x`]!, rate)]))]));

  // Bytes do not depend on throttling: the first measured run of the minimal page.
  const sample = runs.minimal['4x']![0]!;
  const scripts = (list: Request[]) => list.filter((r) => r.type === 'Script');
  const served = scripts([...sample.bytes.load, ...sample.bytes.open]);
  const compressed = served.every((r) => r.contentEncoding !== '');

  console.log('\nBytes (first run; the server answers without Content-Encoding unless noted)');
  for (const r of served) {
    const name = path.basename(r.url) as (typeof FILES)[number];
    const file = sizes[name];
    console.log(
      `  ${pad(`${r.phase === 'load' ? 'page load ' : 'first open'} ${name}`, 26)} on the wire ${String(r.transferBytes).padStart(7)} B (body ${r.bodyBytes} B, encoding ${r.contentEncoding || 'none'})` +
        (file ? `   gzip -9 ${file.gzip} B, brotli ${file.brotli} B` : ''),
    );
  }
  const others = sample.bytes.open.filter((r) => r.type !== 'Script');
  console.log(`  first open, other requests: ${others.length} (${others.map((r) => `${r.method} ${r.url.split('?')[0]}`).join(', ')}), ${others.reduce((s, r) => s + r.transferBytes, 0)} B`);

  console.log(`\nMain-thread script time, ms (median / p90 / min / max over ${RUNS} runs)`);
  console.log(`  ${pad('', 58)}  median     p90     min     max`);
  for (const h of HOSTS) {
    for (const rate of RATES) {
      const f = figures[h]![`${rate}x`]!;
      console.log(`  [${h} host, CPU ${rate}×]`);
      console.log(`  ${pad('loader on page load: script (wall)', 58)} ${fmt(f.loaderScriptMs)}`);
      console.log(`  ${pad('loader on page load: of which CPU (thread time)', 58)} ${fmt(f.loaderCpuMs)}`);
      if (f.loaderSimulated4xMs) console.log(`  ${pad("loader: 4 × this (Lighthouse 'simulate' convention)", 58)} ${fmt(f.loaderSimulated4xMs)}`);
      console.log(`  ${pad('first open: widget script, click → panel shown', 58)} ${fmt(f.openWidgetScriptUntilShownMs)}`);
      console.log(`  ${pad('  of which CPU (thread time)', 58)} ${fmt(f.openWidgetCpuUntilShownMs)}`);
      console.log(`  ${pad('  of which entries in widget-app.js', 58)} ${fmt(f.openAppScriptUntilShownMs)}`);
      console.log(`  ${pad('  of which entries in widget.js (click, import().then→mount)', 58)} ${fmt(f.openLoaderScriptUntilShownMs)}`);
      console.log(`  ${pad('first open: widget script, click → shown + 1 s', 58)} ${fmt(f.openWidgetScriptSettledMs)}`);
      console.log(`  ${pad('first open: wall time click → panel shown', 58)} ${fmt(f.openClickToShownMs)}`);
      console.log(`  ${pad('first open: wall time click → first frame after it', 58)} ${fmt(f.openClickToPaintMs)}`);
      console.log(`  ${pad('(machine load average, 1 min, at the end of each run)', 58)} ${fmt(f.loadAverage1m)}`);
    }
  }
  const headline = figures.minimal!['4x']!.loaderScriptMs;
  const met = headline.median < LOADER_TARGET_MS;
  console.log(
    `\nTarget: loader < ${LOADER_TARGET_MS} ms at 4× (minimal host): median ${headline.median} ms, p90 ${headline.p90} ms → ${met ? 'met' : 'MISSED'}.` +
      '\nFor comparison (HTTP Archive third-party data as cited in issue 9, their averages, not measured here): Crisp 33 ms, Chatwoot 102 ms.',
  );
  const median = (list: RunResult[], pick: (r: RunResult) => Record<string, number>) => {
    const keys = [...new Set(list.flatMap((r) => Object.keys(pick(r))))];
    return Object.fromEntries(keys.map((k) => [k, stats(list.map((r) => pick(r)[k] ?? 0)).median]));
  };
  console.log('Loader entries at 4× (median ms):', median(runs.minimal['4x']!, (r) => r.loader.entries));
  console.log('First-open entries until shown at 4× (median ms):', median(runs.minimal['4x']!, (r) => r.open.entriesUntilShown));

  const result = {
    issue: 9,
    date: new Date().toISOString(),
    chromium: browser.version(),
    node: process.version,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', loadAverageBefore: loadBefore.map(round), loadAverageAfter: os.loadavg().map(round) },
    runs: RUNS,
    warmUpRunsDiscarded: RATES.length,
    throttling: RATES.map((rate) => `${rate}x`),
    traceCategories: CATEGORIES,
    target: { loaderScriptMsAt4x: LOADER_TARGET_MS, medianMinimalHost: headline.median, met },
    comparison: { source: 'HTTP Archive third-party data, averages, as cited in issue 9 (not measured here)', crispMs: 33, chatwootMs: 102 },
    bytes: {
      servedCompressed: compressed,
      requests: served.map((r) => ({ phase: r.phase, url: r.url, transferBytes: r.transferBytes, bodyBytes: r.bodyBytes, contentEncoding: r.contentEncoding || null })),
      firstOpenOtherRequests: others.map((r) => ({ type: r.type, method: r.method, url: r.url.split('?')[0], transferBytes: r.transferBytes })),
      files: sizes,
    },
    figures,
    entriesMedianMs: Object.fromEntries(
      HOSTS.flatMap((h) => RATES.map((rate) => [`${h}-${rate}x`, { loader: median(runs[h][`${rate}x`]!, (r) => r.loader.entries), firstOpenUntilShown: median(runs[h][`${rate}x`]!, (r) => r.open.entriesUntilShown) }])),
    ),
    perRun: Object.fromEntries(HOSTS.flatMap((h) => RATES.map((rate) => [`${h}-${rate}x`, runs[h][`${rate}x`]!.map(({ loader, open }) => ({ loader, open }))]))),
  };
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), RESULTS)}`);
} finally {
  await cleanup();
}
