import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';

// The benchmark's settings: two presets (quick and full) that command-line flags may override.

/** Everything one run is configured with; printed and written with the results. */
export interface BenchOptions {
  mode: 'quick' | 'full';
  /** True when a flag other than --quick changed the preset (the results file says so). */
  custom: boolean;
  /** Connected visitors in all (chatting + idle). */
  visitors: number;
  agents: number;
  /** Concurrent chats per agent (the agent account's maxChats). */
  maxChats: number;
  /** Chatting visitors per agent slot: above 1, some chats wait in the queue (realistic). */
  chattersPerSlot: number;
  /** Messages per second offered, both directions together (half each way). */
  rate: number;
  /** Seconds of load before the measured window, and the window itself. */
  warmupSeconds: number;
  durationSeconds: number;
  /** Visitor messages per chat, from min to max. */
  messagesPerChat: [number, number];
  /** How chats finish: the visitor ends it, the agent closes it, the agent converts it to a ticket. */
  endings: { end: number; close: number; convert: number };
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Where our server's temporary DATA_DIR is created (the OS temp dir by default). */
  dataDirParent: string;
  /** Profile our server with --cpu-prof and print the top self-time functions. */
  profile: boolean;
  /** Which servers to run: ours, the relay, or both (default). */
  targets: ('besoin' | 'relay')[];
  /** Child processes holding the visitor and agent clients. */
  visitorProcesses: number;
  agentProcesses: number;
}

const usage = `Usage: pnpm bench [--quick] [--sync full|normal] [--profile] [--data-dir DIR]
       [--visitors N] [--agents N] [--rate MSG_PER_S] [--duration S] [--warmup S] [--only besoin|relay]
  --quick     1,000 visitors, 50 agents, 300 msg/s, 10 s window (whole run under a minute);
              targets are only judged in full mode
  (default)   full: 5,000 visitors, 200 agents, 1,000 msg/s, 60 s window
  --sync      SQLITE_SYNCHRONOUS of our server (default normal, the server's default; full: one fsync per commit)
  --profile   run our server with --cpu-prof and report the top self-time functions
  --data-dir  where our server's temporary data dir goes (default: the OS temp dir); e.g. /dev/shm
              to take the disk out of the measurement`;

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number\n\n${usage}`);
  return Math.round(n);
}

/** Parses the command line (arguments after the script name). */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      sync: { type: 'string' },
      profile: { type: 'boolean' },
      visitors: { type: 'string' },
      agents: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      only: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const quick = values.quick === true;
  const sync = (values.sync ?? 'normal').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error(`--sync must be full or normal\n\n${usage}`);
  const only = values.only;
  if (only !== undefined && only !== 'besoin' && only !== 'relay') throw new Error(`--only must be besoin or relay\n\n${usage}`);
  const visitors = positiveInt('visitors', values.visitors, quick ? 1000 : 5000);
  const custom = Object.entries(values).some(([key, value]) => key !== 'quick' && value !== undefined);
  return {
    mode: quick ? 'quick' : 'full',
    custom,
    visitors,
    agents: positiveInt('agents', values.agents, quick ? 50 : 200),
    maxChats: 5,
    chattersPerSlot: 1.1,
    rate: positiveInt('rate', values.rate, quick ? 300 : 1000),
    warmupSeconds: positiveInt('warmup', values.warmup, quick ? 2 : 15),
    durationSeconds: positiveInt('duration', values.duration, quick ? 10 : 60),
    messagesPerChat: [4, 12],
    endings: { end: 0.6, close: 0.2, convert: 0.2 },
    sqliteSynchronous: sync,
    dataDirParent: values['data-dir'] ?? tmpdir(),
    profile: values.profile === true,
    targets: only ? [only] : ['besoin', 'relay'],
    visitorProcesses: visitors > 2000 ? 2 : 1,
    agentProcesses: 1,
  };
}

/** How many visitors chat (the rest stay connected and idle). */
export function chattingVisitors(o: BenchOptions): number {
  return Math.min(o.visitors, Math.ceil(o.agents * o.maxChats * o.chattersPerSlot));
}
