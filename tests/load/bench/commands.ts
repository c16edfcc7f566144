// The commands the parent sends to the client processes (visitors.child.ts, agents.child.ts).

/** How fast a side writes: reading and typing pauses, and its share of the offered rate. */
export interface Pace {
  /** Pause before typing a reply (reading), ms. */
  readMs: [number, number];
  /** Typing time between `typing:set true` and `message:send`, ms. */
  typeMs: [number, number];
  /** This process's share of the offered messages per second. */
  ratePerSecond: number;
}

/** `idle`: connect `count` visitors that do nothing else. */
export interface IdleArgs {
  url: string;
  count: number;
  concurrency: number;
}

/** `chatters`: connect `count` visitors and start their chat loops. */
export interface ChattersArgs {
  url: string;
  count: number;
  concurrency: number;
  /** Chat starts are spread over this many ms. */
  rampMs: number;
  pace: Pace;
  messagesPerChat: [number, number];
  endings: { end: number; close: number; convert: number };
  /** A chat not finished after this long is ended by the visitor and counted as an error. */
  maxChatMs: number;
  /** Makes names and e-mails unique across processes. */
  prefix: string;
}

/** `agents`: log in (or use tokens for the relay), connect, go online. */
export interface AgentsArgs {
  url: string;
  /** Accounts to log in with over HTTP; for the relay, plain tokens instead. */
  accounts: { login: string; password: string }[];
  login: boolean;
  concurrency: number;
  pace: Pace;
}

/** `window`: the measured window, on the shared monotonic clock (ms). */
export interface WindowArgs {
  start: number;
  end: number;
}
