import type {
  AgentStatus, AuthorRole, Category, ChatStatus, Department, Locale, Priority, Role,
} from '@besoin/shared';
import type {
  CreateEmergencyResult, EmergencyFilter, EmergencyLimitOptions, EmergencyRecord, NewEmergency,
} from './emergency.records';
import type {
  CreateTicketResult, EscalateTicketResult, LinkChatToTicketResult, NewTicket, TicketActor,
  TicketDedupeOptions, TicketEntryRecord, TicketEscalation, TicketFilter, TicketPatch, TicketRecord,
  TicketReply,
} from './ticket.records';

export type * from './emergency.records';
export type * from './ticket.records';

// The storage boundary. Every operation is async and each one that decides something
// ("is there room on this agent?", "what is the next seq?") is a single atomic operation,
// so that the SQLite implementation (one transaction) and a Redis implementation (one Lua
// script) give the same guarantees. One contract suite (store.contract.ts) runs against
// every implementation.

/** A stored agent account. `maxChats` null means the policy default. */
export interface AgentRecord {
  id: string;
  login: string;
  name: string;
  role: Role;
  departments: Department[];
  maxChats: number | null;
  passwordHash: string;
  status: AgentStatus;
  lastAssignedAt: string | null;
  createdAt: string;
}

export interface NewAgent {
  login: string;
  name: string;
  role: Role;
  departments: Department[];
  maxChats: number | null;
  passwordHash: string;
}

export type AgentPatch = Partial<Pick<AgentRecord, 'name' | 'role' | 'departments' | 'maxChats' | 'passwordHash'>>;

/** An agent session; the token itself is never stored, only its hash. */
export interface SessionRecord {
  tokenHash: string;
  agentId: string;
  createdAt: string;
  expiresAt: string;
}

/** A visitor identity, found by the hash of its `visitorToken`. */
export interface VisitorRecord {
  id: string;
  tokenHash: string;
  createdAt: string;
}

/** A stored chat. `agentId` is set while the chat is (or was last) assigned. */
export interface ChatRecord {
  id: string;
  visitorId: string;
  status: ChatStatus;
  department: Department;
  subject: string;
  visitorName: string;
  visitorEmail: string;
  urgent: boolean;
  priority: Priority;
  locale: Locale | null;
  pageUrl: string | null;
  agentId: string | null;
  agentName: string | null;
  lastSeq: number;
  /** Visitor and agent messages, not system ones (long-conversation threshold). */
  messageCount: number;
  /** When the chat entered the queue (kept on re-queue so that order is preserved). */
  queuedAt: string;
  /** True once it has been re-queued after an agent left: it goes before never-assigned chats. */
  requeued: boolean;
  firstAssignedAt: string | null;
  assignedAt: string | null;
  endedAt: string | null;
  ticketRef: string | null;
  createdAt: string;
  /** First non-internal agent message since the current assignment (answer timeout); null until then. */
  answeredAt: string | null;
  lastVisitorMessageAt: string | null;
  /** Last non-internal agent message. */
  lastAgentMessageAt: string | null;
  /** When the chat was flagged as long (set once, see {@link Store.markChatLong}). */
  longAt: string | null;
  /** Triage category of the chat (becomes the ticket's on conversion). */
  category: Category;
  /** True when {@link Store.convertChat} appended this chat to an existing ticket. */
  ticketMerged: boolean;
}

export interface NewChat {
  visitorId: string;
  department: Department;
  subject: string;
  visitorName: string;
  visitorEmail: string;
  urgent: boolean;
  priority: Priority;
  locale: Locale | null;
  pageUrl: string | null;
  category: Category;
}

export interface MessageRecord {
  id: string;
  chatId: string;
  seq: number;
  clientMessageId: string | null;
  authorRole: AuthorRole;
  authorName: string;
  authorId: string | null;
  text: string;
  internal: boolean;
  createdAt: string;
}

export interface NewMessage {
  chatId: string;
  clientMessageId: string | null;
  authorRole: AuthorRole;
  authorName: string;
  authorId: string | null;
  text: string;
  internal: boolean;
}

/** Outcome of {@link Store.createChat}. */
export type CreateChatResult =
  | { ok: true; chat: ChatRecord; message: MessageRecord }
  | { ok: false; reason: 'visitor_has_active_chat'; chatId: string };

/** Outcome of {@link Store.appendMessage}. `created` is false for a repeated clientMessageId. */
export type AppendMessageResult =
  | { ok: true; message: MessageRecord; created: boolean; chat: ChatRecord }
  | { ok: false; reason: 'chat_not_found' | 'chat_closed' };

/** Outcome of {@link Store.assignChat}. */
export type AssignChatResult =
  | { ok: true; chat: ChatRecord }
  | { ok: false; reason: 'chat_not_found' | 'chat_not_queued' | 'agent_not_found' | 'agent_full' };

/** Outcome of {@link Store.requeueChat}. */
export type RequeueChatResult =
  | { ok: true; chat: ChatRecord }
  | { ok: false; reason: 'chat_not_found' | 'chat_not_active' };

/** Outcome of {@link Store.endChat}. */
export type EndChatResult =
  | { ok: true; chat: ChatRecord; changed: boolean }
  | { ok: false; reason: 'chat_not_found' };

/** Outcome of {@link Store.reassignChat}. */
export type ReassignChatResult =
  | { ok: true; chat: ChatRecord }
  | { ok: false; reason: 'chat_not_found' | 'chat_not_active' | 'agent_not_found' | 'agent_full' };

/** Outcome of {@link Store.markChatLong}; `changed` is false when the flag was already set. */
export type MarkChatLongResult =
  | { ok: true; chat: ChatRecord; changed: boolean }
  | { ok: false; reason: 'chat_not_found' };

/** Outcome of {@link Store.convertChat}; `changed` is false when the chat was already converted. */
export type ConvertChatResult =
  | { ok: true; ticket: TicketRecord; merged: boolean; chat: ChatRecord; changed: boolean }
  | { ok: false; reason: 'chat_not_found' | 'chat_closed' };

/** The storage interface; see the contract suite for the exact behaviour of each call. */
export interface Store {
  // Agents
  /** Creates an agent with status `away` (DESIGN §6); null when the login is taken. */
  createAgent(input: NewAgent, now: string): Promise<AgentRecord | null>;
  getAgent(id: string): Promise<AgentRecord | null>;
  getAgentByLogin(login: string): Promise<AgentRecord | null>;
  listAgents(): Promise<AgentRecord[]>;
  updateAgent(id: string, patch: AgentPatch): Promise<AgentRecord | null>;
  /** Deletes an agent with their sessions; true when one was deleted. */
  deleteAgent(id: string): Promise<boolean>;
  setAgentStatus(id: string, status: AgentStatus): Promise<AgentRecord | null>;
  /** Number of chats with status `active` held by the agent. */
  countActiveChats(agentId: string): Promise<number>;

  // Agent sessions
  createSession(session: SessionRecord): Promise<void>;
  /** The session if it exists and has not expired at `now`. */
  getSession(tokenHash: string, now: string): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Deletes every session of an agent ("log out everywhere"); other agents' sessions stay. */
  deleteSessionsOfAgent(agentId: string): Promise<void>;

  // Visitors
  createVisitor(visitor: VisitorRecord): Promise<void>;
  getVisitorByTokenHash(tokenHash: string): Promise<VisitorRecord | null>;

  // Chats
  /**
   * Atomically: refuses when the visitor already has a queued or active chat; otherwise
   * creates the chat (status `queued`) with `firstMessage` as seq 1.
   */
  createChat(input: NewChat, firstMessage: Omit<NewMessage, 'chatId'>, now: string): Promise<CreateChatResult>;
  getChat(id: string): Promise<ChatRecord | null>;
  /** The visitor's queued or active chat, if any. */
  getOpenChatOfVisitor(visitorId: string): Promise<ChatRecord | null>;
  /** Chats with status `active` held by the agent, oldest first. */
  listActiveChatsOfAgent(agentId: string): Promise<ChatRecord[]>;
  /**
   * Queued chats in queue order (re-queued first, then priority, critical first, then queuedAt);
   * with a department, `limit` chats from `offset` when given (pages of a long queue).
   */
  listQueuedChats(department?: Department, limit?: number, offset?: number): Promise<ChatRecord[]>;
  /** Number of queued chats of a department and the oldest `queuedAt` (counts only, no rows). */
  queueStats(department: Department): Promise<{ waiting: number; oldestQueuedAt: string | null }>;
  /** The 1-based queue position of a queued chat (the same order as {@link listQueuedChats}); null if not queued. */
  queuePosition(chatId: string): Promise<number | null>;
  /**
   * Every agent whose stored status is `online`, with their number of active chats (one read);
   * with `withRoom`, only those below their capacity (`maxChats`, else `defaultMaxChats`).
   */
  listOnlineAgentLoads(options?: { withRoom?: { defaultMaxChats: number } }): Promise<{ agent: AgentRecord; activeChats: number }[]>;
  /**
   * Atomically reserves a slot: succeeds only if the chat is `queued` and the agent holds
   * fewer than `maxChats` active chats; then the chat becomes `active` with that agent and
   * the agent's `lastAssignedAt` is `now`; `answeredAt` is reset to null.
   */
  assignChat(chatId: string, agentId: string, maxChats: number, now: string): Promise<AssignChatResult>;
  /**
   * Atomically puts an active chat back in the queue (its agent left, or a transfer to a
   * department): status `queued`, `requeued` true, `queuedAt` kept, `department` replaced
   * when given; `agentId`/`agentName` stay as the last assignee; `answeredAt` null. Frees
   * the agent's slot.
   */
  requeueChat(chatId: string, department?: Department): Promise<RequeueChatResult>;
  /**
   * Atomically moves an active chat held by `fromAgentId` to `toAgentId` if the latter holds
   * fewer than `maxChats` active chats: `assignedAt` = now, `answeredAt` null, the target's
   * `lastAssignedAt` = now (`firstAssignedAt`, `longAt` kept).
   */
  reassignChat(
    chatId: string, fromAgentId: string, toAgentId: string, maxChats: number, now: string,
  ): Promise<ReassignChatResult>;
  /** Every active chat, all agents, oldest `assignedAt` first. */
  listActiveChats(): Promise<ChatRecord[]>;
  /** Active chats with no answer yet (no non-internal agent message) assigned at or before `assignedBefore`. */
  listChatsAwaitingAnswer(assignedBefore: string): Promise<ChatRecord[]>;
  /** Active chats where the agent spoke last, at or before `agentMessageBefore`, and the visitor has not answered since. */
  listChatsIdleSince(agentMessageBefore: string): Promise<ChatRecord[]>;
  /** Active chats first assigned at or before `flagBefore` and not yet flagged long, or at or before `convertBefore`. */
  listLongChatCandidates(flagBefore: string, convertBefore: string): Promise<ChatRecord[]>;
  /** Sets `longAt` once, whatever the chat's status; later calls answer `changed: false`. */
  markChatLong(chatId: string, now: string): Promise<MarkChatLongResult>;
  /** Ends a queued or active chat with `status`; an already ended chat is returned unchanged. */
  endChat(chatId: string, status: 'ended' | 'converted', now: string): Promise<EndChatResult>;

  // Messages
  /**
   * Atomically appends a message to an open (queued or active) chat with the next gap-free
   * seq. A repeated (chatId, clientMessageId) returns the stored message with `created: false`
   * — also when the chat has ended since. Maintains `lastVisitorMessageAt`, and for
   * non-internal agent messages `lastAgentMessageAt` and (first one only) `answeredAt`.
   */
  appendMessage(input: NewMessage, now: string): Promise<AppendMessageResult>;
  /** Messages with seq > afterSeq in seq order; internal notes only when asked. */
  listMessages(chatId: string, afterSeq: number, options: { includeInternal: boolean }): Promise<MessageRecord[]>;

  // Tickets
  /**
   * Atomically creates a ticket (ref `TCK-<UTC year>-<6+ digit counter>`, status `open`, a
   * 'created' entry) or, rule 2, merges into the most recently active open/pending ticket of
   * the same department and requester e-mail (case-insensitive) active since `dedupeSince`
   * (never for complaints): priority max, urgent ORed, visitorId added, a 'merged' entry.
   */
  createTicket(input: NewTicket, options: TicketDedupeOptions, now: string): Promise<CreateTicketResult>;
  /**
   * Atomically turns a queued or active chat into a ticket (create or merge as createTicket,
   * plus the chatId and a 'transcript' entry); the chat becomes `converted`, freeing its slot.
   * Idempotent: a chat that already has a ticketRef answers that ticket with `changed: false`.
   */
  convertChat(
    chatId: string, input: Omit<NewTicket, 'visitorId'>, options: TicketDedupeOptions, now: string,
  ): Promise<ConvertChatResult>;
  /**
   * Atomically links a chat to a ticket without converting it (complaints, rule 9): adds
   * `chatId` to `chatIds` and a 'transcript' entry, bumps `updatedAt`/`lastActivityAt`; the
   * chat itself is not touched (it goes on with its agent, and may still be converted later).
   * A chat already in `chatIds` answers the ticket and that chat's first 'transcript' entry
   * with `changed: false`.
   */
  linkChatToTicket(ref: string, chatId: string, actor: TicketActor, now: string): Promise<LinkChatToTicketResult>;
  /** The ticket with exactly this ref. */
  getTicket(ref: string): Promise<TicketRecord | null>;
  /**
   * Matching tickets with the total count: newest first (createdAt, then ref, descending), or
   * with `sla`, first response due soonest first (then createdAt, ref ascending).
   */
  listTickets(filter: TicketFilter): Promise<{ tickets: TicketRecord[]; total: number }>;
  /**
   * Applies a patch, appending one 'status' | 'priority' | 'assignee' entry (data `{ from, to }`)
   * per field that really changed; null when there is no such ticket.
   */
  updateTicket(
    ref: string, patch: TicketPatch, actor: TicketActor, now: string,
  ): Promise<{ ticket: TicketRecord; entries: TicketEntryRecord[] } | null>;
  /** Appends a 'reply' entry; the first one sets `firstRespondedAt`. Null when not found. */
  addTicketReply(
    ref: string, reply: TicketReply, now: string,
  ): Promise<{ ticket: TicketRecord; entry: TicketEntryRecord } | null>;
  /** The ticket's history in position order (empty for an unknown ref). */
  listTicketEntries(ref: string): Promise<TicketEntryRecord[]>;
  /** Open or pending tickets never responded to whose first response is due at `now`, oldest due first. */
  listTicketsDue(now: string): Promise<TicketRecord[]>;
  /**
   * Compare-and-set escalation: only when the ticket is still at `fromLevel`, open or pending
   * and not responded to (else `stale`); then level + 1, the new priority and due time, and an
   * 'escalation' entry with data `{ level, dueAt, priority }`.
   */
  escalateTicket(ref: string, change: TicketEscalation, now: string): Promise<EscalateTicketResult>;

  // Emergencies (rule 7)
  /**
   * Atomically raises an emergency; refuses with the first failing check, in this order:
   * the ticket exists; `visitorId` is one of its visitorIds; it is an `outage` ticket; it is
   * open or pending; it has no emergency yet; the requester e-mail (case-insensitive, taken
   * from the ticket) has fewer than `perRequesterLimit` emergencies created at or after
   * `windowSince` (abuse-marked ones count too). The ticket is not modified.
   */
  createEmergency(input: NewEmergency, options: EmergencyLimitOptions, now: string): Promise<CreateEmergencyResult>;
  /** Emergencies created at or after `since` (all when absent), newest first, at most `limit`. */
  listEmergencies(filter: EmergencyFilter): Promise<EmergencyRecord[]>;
  /** Marks an emergency as abuse once (`abuseMarkedBy`/`At` of the first call stay); null when unknown. */
  markEmergencyAbuse(id: string, markedBy: string, now: string): Promise<EmergencyRecord | null>;

  /** True when the store answers (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
