import type {
  AgentStatus, AuthorRole, ChatStatus, Department, Locale, Priority, Role,
} from '@besoin/shared';

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
  /** Queued chats in queue order: re-queued first, then priority (critical first), then queuedAt. */
  listQueuedChats(department?: Department): Promise<ChatRecord[]>;
  /**
   * Atomically reserves a slot: succeeds only if the chat is `queued` and the agent holds
   * fewer than `maxChats` active chats; then the chat becomes `active` with that agent and
   * the agent's `lastAssignedAt` is `now`.
   */
  assignChat(chatId: string, agentId: string, maxChats: number, now: string): Promise<AssignChatResult>;
  /**
   * Atomically puts an active chat back in the queue (its agent left, or a transfer to a
   * department): status `queued`, `requeued` true, `queuedAt` kept, `department` replaced
   * when given; `agentId`/`agentName` stay as the last assignee. Frees the agent's slot.
   */
  requeueChat(chatId: string, department?: Department): Promise<RequeueChatResult>;
  /** Ends a queued or active chat with `status`; an already ended chat is returned unchanged. */
  endChat(chatId: string, status: 'ended' | 'converted', now: string): Promise<EndChatResult>;

  // Messages
  /**
   * Atomically appends a message to an open (queued or active) chat with the next gap-free
   * seq. A repeated (chatId, clientMessageId) returns the stored message with `created: false`
   * — also when the chat has ended since.
   */
  appendMessage(input: NewMessage, now: string): Promise<AppendMessageResult>;
  /** Messages with seq > afterSeq in seq order; internal notes only when asked. */
  listMessages(chatId: string, afterSeq: number, options: { includeInternal: boolean }): Promise<MessageRecord[]>;

  /** True when the store answers (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
