import { errors, type Policy } from '@besoin/shared';
import { memoryCounters, type CounterFactory, type Verdict } from './limits';

// The rate limits of DESIGN §2, read from the policy file's `limits` section.

/** Commands that open a conversation or a ticket; they share one budget per IP. */
const STARTS = new Set(['chat:start', 'ticket:create', 'supervisor:request']);

/** Who sent a command: the sender key (`visitor:<id>` or `agent:<id>`) and the client IP. */
export interface CommandOrigin {
  sender: string;
  ip: string;
}

function orThrow(verdict: Verdict): void {
  if (!verdict.allowed) throw errors.rateLimited(verdict.retryAfterMs);
}

/** Builds every limit of the policy on one counter store (memory by default). */
export function createPolicyLimits(policy: Policy, counters: CounterFactory = memoryCounters) {
  const l = policy.limits;
  // A window of `messageBurst` points lasting burst / rate seconds: at most `messageBurst` at
  // once, and on average `messagesPerSecond` over any longer run.
  const burstWindowMs = (l.messageBurst / l.messagesPerSecond) * 1000;
  const messages = counters({ name: 'msg', points: l.messageBurst, windowMs: burstWindowMs });
  const typing = counters({ name: 'typing', points: l.messageBurst, windowMs: burstWindowMs });
  const starts = counters({ name: 'start', points: l.chatStartsPerMinutePerIp, windowMs: 60_000 });
  const failedLogins = counters({ name: 'login', points: l.failedLoginsPerMinutePerIp, windowMs: 60_000 });
  const connections = counters({ name: 'conn', points: l.connectionsPerIp, windowMs: 0 });

  return {
    /** Throws `rate_limited` when a socket command is over its limit (unlimited commands pass). */
    async command(event: string, origin: CommandOrigin): Promise<void> {
      if (event === 'message:send') orThrow(await messages.consume(origin.sender));
      else if (event === 'typing:set') orThrow(await typing.consume(origin.sender));
      else if (STARTS.has(event)) orThrow(await starts.consume(origin.ip));
    },
    login: {
      /** Throws `rate_limited` while the IP is locked out (even the right password is refused). */
      async check(ip: string): Promise<void> {
        orThrow(await failedLogins.peek(ip));
      },
      /** Counts a failed login; the one that reaches the limit starts the lock-out. */
      async failed(ip: string): Promise<void> {
        const verdict = await failedLogins.consume(ip);
        const reached = !verdict.allowed || !(await failedLogins.peek(ip)).allowed;
        if (reached) await failedLogins.block(ip, l.lockoutSeconds * 1000);
      },
    },
    connections: {
      /** Takes one of the IP's concurrent connections. */
      acquire: (ip: string) => connections.consume(ip),
      /** Gives it back when the socket is gone. */
      release: (ip: string) => connections.release(ip),
    },
  };
}

export type PolicyLimits = ReturnType<typeof createPolicyLimits>;
