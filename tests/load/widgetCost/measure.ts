import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { E2eServer } from '../../support/server';
import { sleep } from '../../support/waitFor';
import { breakdown, CATEGORIES, cpuMs, mainThread, msOf, round, scriptEntries, str, union, type TraceEvent } from './trace';

// One measured run of the widget-cost benchmark (../widget-cost.ts) in Chromium: a fresh context,
// CPU throttling, a trace of the page load and one of the first open, and the page's requests.

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

/** A request of the page, as the CDP Network events describe it. */
export interface Request {
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

/** The figures of one run. */
export interface RunResult {
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
export async function measure(browser: Browser, server: E2eServer, hostUrl: string, rate: number, tracePrefix?: string): Promise<RunResult> {
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
