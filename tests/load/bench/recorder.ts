import type { Socket } from 'socket.io-client';
import type { WindowArgs } from './commands';
import { monoMs, randomInt, sleep } from './stats';

// What each client process measures. Samples are kept only for the measured window, which the
// parent announces in advance (monotonic clock, shared by every process of the machine).

/** The measurements of one client process, sent to the parent at the end. */
export interface ChildReport {
  role: 'visitor' | 'agent';
  /** End-to-end latency (ms) of the messages the other side sent within the window. */
  latency: number[];
  /** Messages from the other side received within the window, in all and per second. */
  delivered: number;
  perSecond: number[];
  /** message:send acknowledgement time (ms) for this side's messages sent within the window. */
  sendAck: number[];
  /** This side's messages acknowledged `ok` (sent within the window). */
  sent: number;
  /** Queue wait (ms) from chat:start to the chat being assigned (visitors). */
  queueWait: number[];
  /** Events within the window: chats started, ended, closed, converted, typing sent/received … */
  counts: Record<string, number>;
  /** Failures within the window, and over the whole run: `ack <event> <code>`, `timeout <event>`, `disconnect <reason>` … */
  errors: Record<string, number>;
  errorsTotal: Record<string, number>;
  /** Sockets connected now / that should be. */
  connected: number;
  expected: number;
}

/** Collects the samples of one process. */
export function createRecorder(role: ChildReport['role']) {
  let start = Infinity;
  let end = -Infinity;
  const report: ChildReport = {
    role, latency: [], delivered: 0, perSecond: [], sendAck: [], sent: 0, queueWait: [], counts: {}, errors: {}, errorsTotal: {},
    connected: 0, expected: 0,
  };
  const inWindow = (t: number) => t >= start && t < end;
  return {
    setWindow(s: number, e: number) {
      start = s;
      end = e;
      report.perSecond = new Array<number>(Math.ceil((e - s) / 1000)).fill(0);
    },
    inWindow,
    /** A message from the other side arrived; `sentAt` is read from its text. */
    received(sentAt: number | null) {
      const now = monoMs();
      if (inWindow(now)) {
        report.delivered += 1;
        const slot = Math.floor((now - start) / 1000);
        report.perSecond[slot] = (report.perSecond[slot] ?? 0) + 1;
      }
      if (sentAt !== null && inWindow(sentAt)) report.latency.push(Math.round((now - sentAt) * 1000) / 1000);
    },
    sendAcked(sentAt: number, ms: number) {
      if (!inWindow(sentAt)) return;
      report.sent += 1;
      report.sendAck.push(Math.round(ms * 1000) / 1000);
    },
    queueWait(startedAt: number, ms: number) {
      if (inWindow(startedAt)) report.queueWait.push(Math.round(ms));
    },
    count(what: string, at = monoMs()) {
      if (inWindow(at)) report.counts[what] = (report.counts[what] ?? 0) + 1;
    },
    error(what: string, at = monoMs()) {
      report.errorsTotal[what] = (report.errorsTotal[what] ?? 0) + 1;
      if (inWindow(at)) report.errors[what] = (report.errors[what] ?? 0) + 1;
    },
    report(connected: number, expected: number): ChildReport {
      return { ...report, connected, expected };
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;

/** The commands both client processes answer alike: the measured window, their report, and stop. */
export function sharedClientCommands(rec: Recorder, sockets: Socket[], expected: () => number, onStop: () => void) {
  return {
    async window(args: WindowArgs) {
      rec.setWindow(args.start, args.end);
      return {};
    },
    async report() {
      return rec.report(sockets.filter((s) => s.connected).length, expected());
    },
    async stop() {
      onStop();
      for (const s of sockets) s.disconnect();
      return {};
    },
  };
}

type AckShape<T> = { ok: true; data: T } | { ok: false; error: { code: string } };

/** Emits a command with a bounded wait; returns its data, or null after recording why it failed. */
export async function command<T>(rec: Recorder, socket: Socket, event: string, payload: unknown, timeoutMs = 15_000): Promise<T | null> {
  const at = monoMs();
  try {
    const ack = (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as AckShape<T>;
    if (ack.ok) return ack.data;
    rec.error(`ack ${event} ${ack.error.code}`, at);
  } catch {
    rec.error(socket.connected ? `timeout ${event}` : `not connected ${event}`, at);
  }
  return null;
}

/** Resolves with the next `event` payload, or null after `timeoutMs`. */
export function nextEvent<T>(socket: Socket, event: string, timeoutMs: number): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      resolve(null);
    }, timeoutMs);
    const on = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, on);
  });
}

/**
 * Spaces sends `1000 / ratePerSecond` ms apart: the offered load. Slots missed while this
 * process's event loop lagged are made up within 100 ms (so client-side jitter does not lower
 * the offered rate), never more (no burst after a pause).
 */
export function createPacer(ratePerSecond: number) {
  const interval = 1000 / ratePerSecond;
  let next = 0;
  return {
    /** Resolves at this caller's slot. */
    acquire(): Promise<void> {
      const now = monoMs();
      next = Math.max(next + interval, now - 100);
      const wait = next - now;
      return wait < 1 ? Promise.resolve() : sleep(wait);
    },
  };
}

const PHRASES = [
  'Bonjour, mon site ne charge plus depuis ce matin.',
  "J'ai vérifié les DNS, tout semble correct de mon côté.",
  'Pouvez-vous regarder les journaux du serveur ?',
  "Le certificat SSL a expiré hier soir, je crois.",
  'Merci, je regarde tout de suite.',
  "Pouvez-vous me donner le nom de domaine concerné ?",
  'La boîte mail renvoie une erreur 550 à chaque envoi.',
  "D'accord, c'est noté. Je relance le service.",
  "Est-ce que la sauvegarde d'hier est disponible ?",
  'Je vous envoie la capture de la page d’erreur.',
];

/** A realistic message of 20 to ~300 characters, with the send time (and a marker) appended. */
export function messageText(sentAt: number, marker = ''): string {
  const parts: string[] = [];
  const target = randomInt(20, 300);
  for (let len = 0; len < target; ) {
    const p = PHRASES[randomInt(0, PHRASES.length - 1)]!;
    parts.push(p);
    len += p.length + 1;
  }
  return `${parts.join(' ')}${marker} [t=${sentAt.toFixed(3)}]`;
}

/** The send time appended by {@link messageText}, or null. */
export function sentAtOf(text: string): number | null {
  const m = /\[t=([\d.]+)\]$/.exec(text);
  return m ? Number(m[1]) : null;
}

/** The ending marker of a visitor's last message, if any. */
export function lastMarkerOf(text: string): 'close' | 'convert' | null {
  const m = /\[last=(close|convert)\]/.exec(text);
  return m ? (m[1] as 'close' | 'convert') : null;
}
