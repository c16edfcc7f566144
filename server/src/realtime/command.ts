import { ackError, ackOk, errors, type PayloadIssue } from '@besoin/shared';
import type * as z from 'zod/mini';
import type { Logger } from '../domain/deps';
import type { Outcome } from '../domain/outcome';

type Table = Record<string, { payload: z.ZodMiniType; result: z.ZodMiniType }>;
type Listener = (...args: unknown[]) => void;
interface ListeningSocket {
  on(event: string, listener: Listener): unknown;
  id?: string;
}

/** The chat a payload is about, for logs. */
function chatIdOf(payload: unknown): string | undefined {
  const chatId = (payload as { chatId?: unknown } | null)?.chatId;
  return typeof chatId === 'string' ? chatId : undefined;
}

/** Turns zod issues into the protocol's issue shape (no internals). */
export function toIssues(issues: readonly z.core.$ZodIssue[]): PayloadIssue[] {
  return issues.slice(0, 20).map((i) => ({ code: i.code, path: i.path, message: i.message }));
}

function isOutcome<T>(value: unknown): value is Outcome<T> {
  return typeof value === 'object' && value !== null && 'data' in value && Object.keys(value).every((k) => k === 'data' || k === 'effects');
}

/**
 * Registers the handlers of a command table on a socket: each payload is parsed with its
 * schema, the handler's result is acknowledged as `Ack<T>`, its effects run after the ack,
 * and nothing throws through the socket. An event sent without an ack callback is dropped.
 * `before` runs once the payload is valid and may refuse the command by throwing (rate limits);
 * `observe` gets the time from arrival to a successful acknowledgement (metrics).
 */
export function registerCommands<T extends Table>(
  socket: ListeningSocket,
  table: T,
  handlers: {
    [K in keyof T]?: (payload: z.output<T[K]['payload']>) => Promise<Outcome<z.output<T[K]['result']>> | z.output<T[K]['result']>>;
  },
  logger: Logger,
  before?: (event: string) => Promise<void>,
  observe?: (event: string, seconds: number) => void,
): void {
  for (const [event, handler] of Object.entries(handlers)) {
    const schema = table[event]?.payload;
    if (!schema || !handler) continue;
    socket.on(event, (...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') return;
      const parsed = schema.safeParse(args.length >= 2 ? args[0] : undefined);
      if (!parsed.success) {
        ack(ackError(errors.invalidPayload(toIssues(parsed.error.issues))));
        return;
      }
      const received = performance.now();
      void (async () => {
        let effects: Outcome<unknown>['effects'];
        try {
          if (before) await before(event);
          const result: unknown = await handler(parsed.data);
          if (isOutcome(result)) {
            effects = result.effects;
            ack(ackOk(result.data));
          } else {
            ack(ackOk(result));
          }
          observe?.(event, (performance.now() - received) / 1000);
        } catch (error) {
          if (!(error instanceof Error && error.name === 'AppError')) {
            logger.error({ err: error, event, chatId: chatIdOf(parsed.data), socketId: socket.id }, 'command failed');
          }
          ack(ackError(error));
          return;
        }
        if (effects) {
          await effects().catch((error: unknown) => {
            logger.error({ err: error, event, chatId: chatIdOf(parsed.data), socketId: socket.id }, 'command effects failed');
          });
        }
      })();
    });
  }
}

/** Answers any event that has no handler, so that a client waiting for an ack is not left hanging. */
export function answerUnknownEvents(socket: { onAny(listener: Listener): unknown; eventNames?: unknown }, known: Set<string>): void {
  socket.onAny((event: unknown, ...rest: unknown[]) => {
    const ack = rest[rest.length - 1];
    if (typeof event === 'string' && known.has(event)) return;
    if (typeof ack === 'function') ack(ackError(errors.notFound('Event')));
  });
}
