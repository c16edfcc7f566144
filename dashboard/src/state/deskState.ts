import type { AgentView, ChatView, Department, Message, QueueSummary } from '@besoin/shared';
import { type SupervisionState, initialSupervisionState } from './supervisionReducer';
import { type TicketsState, initialTicketsState } from './ticketsReducer';

/** A message written by the agent that the server has not acknowledged yet. */
export interface PendingMessage {
  chatId: string;
  clientMessageId: string;
  text: string;
  createdAt: string;
  /** The server refused it for good (not retried). */
  failed?: boolean;
  /** An internal note (never shown to the visitor). */
  internal?: boolean;
}

/** Everything the dashboard knows about one of the agent's chats. */
export interface ChatEntry {
  chat: ChatView;
  /** Ordered by seq, one per seq. */
  messages: Message[];
  /** The outbox of this chat, oldest first. */
  pending: PendingMessage[];
  /** Highest seq the agent has seen (the chat was selected when it arrived). */
  seenSeq: number;
  visitorTyping: boolean;
  /** A supervisor joined someone else's chat (`chat:join`): shown with "Vous observez cette discussion". */
  observing?: boolean;
}

/** The top-level views of the dashboard ("Supervision" for supervisors and admins, "Équipe" for admins). */
export type DeskView = 'chats' | 'tickets' | 'supervision' | 'team';

/** State of the socket connection, as shown in the header. */
export type ConnectionState = 'connecting' | 'online' | 'offline';

/** The agent desk: the whole client-side state of the dashboard once logged in. */
export interface DeskState {
  agent: AgentView | null;
  chats: Record<string, ChatEntry>;
  /** Chat ids in list order (first assigned first). */
  order: string[];
  queues: Partial<Record<Department, QueueSummary>>;
  /** Queued chats per department from `GET /api/queues`, in queue order. */
  queueChats: Partial<Record<Department, ChatView[]>>;
  /** When the queue counters were last received (ms since epoch; ages shown grow from there). */
  queuesAt: number;
  /** Every agent (`GET /api/team`), for transfers; null until loaded. */
  team: AgentView[] | null;
  view: DeskView;
  tickets: TicketsState;
  supervision: SupervisionState;
  /** Whether emergency alarms beep ("Son des alertes"). */
  alarmSound: boolean;
  selectedChatId: string | null;
  connection: ConnectionState;
  /** Text for the polite live region (new chats). */
  announcement: string;
  /** Text for the alert region (French), or null. */
  error: string | null;
  /** Visible, polite notice (ticket created, chat transferred…), or null. */
  notice: string | null;
}

/** The state before `session:ready`. */
export const initialDeskState: DeskState = {
  agent: null,
  chats: {},
  order: [],
  queues: {},
  queueChats: {},
  queuesAt: 0,
  team: null,
  view: 'chats',
  tickets: initialTicketsState,
  supervision: initialSupervisionState,
  alarmSound: true,
  selectedChatId: null,
  connection: 'connecting',
  announcement: '',
  error: null,
  notice: null,
};

/** Highest seq among the messages known for a chat (0 when none). */
export function lastKnownSeq(entry: ChatEntry): number {
  return entry.messages.at(-1)?.seq ?? 0;
}

/**
 * The `afterSeq` for `chat:sync`: the end of the gap-free run that starts at the first known
 * message. Seqs are gap-free on /agent (notes included), so a hole means a message was missed —
 * e.g. an ack carrying seq 7 arrived before the broadcast of seq 6 — and the sync asks from there.
 */
export function syncAfterSeq(entry: ChatEntry): number {
  const { messages } = entry;
  if (messages.length === 0) return 0;
  let seq = messages[0]!.seq;
  for (const m of messages) {
    if (m.seq > seq + 1) break;
    seq = m.seq;
  }
  return seq;
}

/** Visitor messages above what the agent has seen. */
export function unreadCount(entry: ChatEntry): number {
  return entry.messages.filter((m) => m.author.role === 'visitor' && m.seq > entry.seenSeq).length;
}

/** Whether a chat is over (greyed in the list, no composer). */
export function isEnded(chat: ChatView): boolean {
  return chat.status === 'ended' || chat.status === 'converted';
}

/** Whether the agent may use the "Supervision" view (join, take over, SLA board, alarms). */
export function canSupervise(agent: AgentView | null): boolean {
  return agent?.role === 'supervisor' || agent?.role === 'admin';
}

/** Whether the agent may manage the team ("Équipe"). */
export function isAdmin(agent: AgentView | null): boolean {
  return agent?.role === 'admin';
}
