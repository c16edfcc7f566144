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
// Main-thread script time by script URL, from the trace (see `scriptEntries` in widgetCost/trace.ts;
// one run is widgetCost/measure.ts): the union of the intervals of the script entry events of that
// URL on the page's renderer main thread.
// Bytes: CDP Network events (encodedDataLength = bytes on the wire, headers included).
// Writes a table to stdout and tests/load/results/widget-cost.json (docs/WIDGET-COST.md: method and figures).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startServer, type E2eServer } from '../support/server';
import { measure, type Request, type RunResult } from './widgetCost/measure';
import { CATEGORIES, round } from './widgetCost/trace';

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
const WIDGET_DIST = fileURLToPath(new URL('../../widget/dist/', import.meta.url));
const RESULTS = path.resolve(option('--out') ?? fileURLToPath(new URL('./results/widget-cost.json', import.meta.url)));
const FILES = ['widget.js', 'widget-app.js', 'widget-extra.js'] as const;

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
