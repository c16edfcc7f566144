import { type AgentClientToServerEvents, type AgentServerToClientEvents, type ErrorCode, agentCommands, ERROR_CODES } from '@besoin/shared';
import type { Socket } from 'socket.io-client';

/** The typed socket of the `/agent` namespace. */
export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

type Commands = typeof agentCommands;
/** A command name of `/agent`. */
export type CommandName = keyof Commands;
/** Payload accepted by a command. */
export type PayloadOf<K extends CommandName> = Parameters<AgentClientToServerEvents[K]>[0];
/** Parsed ack data of a command. */
export type ResultOf<K extends CommandName> = ReturnType<Commands[K]['result']['parse']>;

/** Error codes of the protocol plus the two the client itself produces. */
export type CommandErrorCode = ErrorCode | 'timeout' | 'invalid_response';

/** The outcome of a command: its parsed data, or an error with a stable code. */
export type CommandOutcome<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: CommandErrorCode; message: string; details?: Record<string, unknown> } };

/** How long an ack may take before the command counts as lost. */
export const ACK_TIMEOUT_MS = 8000;

const knownCodes: ReadonlySet<string> = new Set(ERROR_CODES);

function parseAckError(error: unknown): { code: CommandErrorCode; message: string; details?: Record<string, unknown> } {
  if (typeof error !== 'object' || error === null) return { code: 'invalid_response', message: 'invalid ack' };
  const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
  return {
    code: typeof code === 'string' && knownCodes.has(code) ? (code as ErrorCode) : 'internal',
    message: typeof message === 'string' ? message : '',
    ...(typeof details === 'object' && details !== null ? { details: details as Record<string, unknown> } : {}),
  };
}

/** Sends a command with an ack timeout and validates the ack with the shared schema; never rejects. */
export async function sendCommand<K extends CommandName>(
  socket: AgentSocket,
  event: K,
  payload: PayloadOf<K>,
): Promise<CommandOutcome<ResultOf<K>>> {
  let ack: unknown;
  try {
    // The event map is a union over K here; the cast only erases that, payload is typed by the caller.
    const timed = socket.timeout(ACK_TIMEOUT_MS);
    const emitWithAck = timed.emitWithAck as (ev: string, p: unknown) => Promise<unknown>;
    ack = await emitWithAck.call(timed, event, payload);
  } catch {
    return { ok: false, error: { code: 'timeout', message: 'no acknowledgement' } };
  }
  if (typeof ack !== 'object' || ack === null || !('ok' in ack)) {
    return { ok: false, error: { code: 'invalid_response', message: 'invalid ack' } };
  }
  if (ack.ok !== true) return { ok: false, error: parseAckError((ack as { error?: unknown }).error) };
  const parsed = agentCommands[event].result.safeParse((ack as { data?: unknown }).data);
  if (!parsed.success) return { ok: false, error: { code: 'invalid_response', message: 'invalid ack data' } };
  return { ok: true, data: parsed.data as ResultOf<K> };
}
