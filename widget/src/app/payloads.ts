import { CHAT_STATUSES, DEPARTMENTS, type ChatView, type Message } from '@besoin/shared';

// The server's chats and messages, checked by hand. shared's ChatView and Message schemas would
// bring zod's number, integer and nested-object code onto the first open (~1 KB gzip) for payloads
// that come from our own server: the fields the widget reads are checked, the rest passes through
// (DESIGN §2: fields beyond the contract are allowed). The pre-chat form still validates what the
// visitor typed with shared's ChatStartPayload, so those rules stay defined once.

/** An object of unknown shape, read key by key. */
export type Loose = Record<string, unknown> | null | undefined;

/** True when every key of `keys` (space-separated) holds a string in `value`. */
export const hasStrings = (value: unknown, keys: string): boolean =>
  keys.split(' ').every((key) => typeof (value as Loose)?.[key] === 'string');

const isCount = (value: unknown, min: number): boolean => Number.isInteger(value) && (value as number) >= min;
const optional = (value: unknown, check: (value: unknown) => boolean): boolean => value === undefined || check(value);

/** `raw` as a ChatView when the fields the widget reads follow the contract, else `undefined`. */
export function asChat(raw: unknown): ChatView | undefined {
  const c = raw as Loose;
  const ok =
    hasStrings(c, 'id subject createdAt') &&
    hasStrings(c?.['visitor'], 'name email') &&
    CHAT_STATUSES.includes(c?.['status'] as ChatView['status']) &&
    DEPARTMENTS.includes(c?.['department'] as ChatView['department']) &&
    optional(c?.['agent'], (agent) => hasStrings(agent, 'displayName')) &&
    optional(c?.['queuePosition'], (position) => isCount(position, 1)) &&
    optional(c?.['etaSeconds'], (eta) => typeof eta === 'number' && eta >= 0) &&
    optional(c?.['ticketRef'], (ref) => typeof ref === 'string');
  return ok ? (c as unknown as ChatView) : undefined;
}

/** `raw` as a Message when the fields the widget reads follow the contract, else `undefined`. */
export function asMessage(raw: unknown): Message | undefined {
  const m = raw as Loose;
  const author = m?.['author'] as Loose;
  const ok =
    hasStrings(m, 'id chatId text createdAt') &&
    hasStrings(author, 'name') &&
    ['visitor', 'agent', 'system'].includes(author?.['role'] as string) &&
    isCount(m?.['seq'], 1) &&
    optional(m?.['clientMessageId'], (id) => typeof id === 'string') &&
    optional(m?.['internal'], (internal) => typeof internal === 'boolean');
  return ok ? (m as unknown as Message) : undefined;
}
