import * as z from 'zod/mini';

// Shapes of DESIGN §2. Objects are non-strict: unknown keys are ignored (DESIGN §6).

/** The fixed departments. */
export const DEPARTMENTS = ['technical', 'billing', 'sales'] as const;
export const Department = z.enum(DEPARTMENTS);
export type Department = z.infer<typeof Department>;

export const CHAT_STATUSES = ['queued', 'active', 'ended', 'converted'] as const;
export const ChatStatus = z.enum(CHAT_STATUSES);
export type ChatStatus = z.infer<typeof ChatStatus>;

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const CATEGORIES = ['outage', 'technical', 'billing', 'sales', 'complaint'] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;
export const AgentStatus = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof AgentStatus>;

export const LOCALES = ['fr', 'en', 'ar'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** Opaque identifier. */
export const Id = z.string().check(z.minLength(1), z.maxLength(128));
/** ISO 8601 instant. */
export const Instant = z.string();

/** Free text of a message: 1–5,000 characters after trimming. */
export const MessageText = z.string().check(z.trim(), z.minLength(1), z.maxLength(5000));
/** A client-chosen idempotency key for a message (a UUID is the norm). */
export const ClientMessageId = z.string().check(z.minLength(1), z.maxLength(64));
export const PersonName = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));
export const Email = z.email().check(z.maxLength(254));
export const Subject = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
export const Seq = z.int().check(z.gte(0));

export const AuthorRole = z.enum(['visitor', 'agent', 'system']);
export type AuthorRole = z.infer<typeof AuthorRole>;

export const Message = z.object({
  id: Id,
  chatId: Id,
  seq: z.int().check(z.gte(1)),
  clientMessageId: z.optional(ClientMessageId),
  author: z.object({ role: AuthorRole, name: z.string() }),
  text: z.string(),
  internal: z.optional(z.boolean()),
  createdAt: Instant,
});
export type Message = z.infer<typeof Message>;

export const ChatView = z.object({
  id: Id,
  status: ChatStatus,
  department: Department,
  subject: z.string(),
  visitor: z.object({ name: z.string(), email: z.string() }),
  agent: z.optional(z.object({ id: Id, displayName: z.string() })),
  queuePosition: z.optional(z.int().check(z.gte(1))),
  etaSeconds: z.optional(z.number().check(z.gte(0))),
  lastSeq: Seq,
  long: z.optional(z.object({ minutes: z.number(), messages: z.int() })),
  ticketRef: z.optional(z.string()),
  /** Set when the visitor should be offered the ticket form (nobody online for a while). */
  offerTicket: z.optional(z.boolean()),
  urgent: z.optional(z.boolean()),
  priority: z.optional(Priority),
  /** Triage category of the chat (prefills "Convertir en ticket"). */
  category: z.optional(Category),
  createdAt: Instant,
  endedAt: z.optional(Instant),
});
export type ChatView = z.infer<typeof ChatView>;

export const TicketView = z.object({
  ref: z.string(),
  subject: z.string(),
  department: Department,
  category: Category,
  priority: Priority,
  urgent: z.boolean(),
  status: TicketStatus,
  requester: z.object({ name: z.string(), email: z.string() }),
  source: z.enum(['chat', 'form', 'complaint']),
  chatIds: z.array(Id),
  assigneeId: z.optional(Id),
  firstResponseDueAt: Instant,
  firstRespondedAt: z.optional(Instant),
  escalationLevel: z.int().check(z.gte(0)),
  createdAt: Instant,
  updatedAt: z.optional(Instant),
});
export type TicketView = z.infer<typeof TicketView>;

export const AgentView = z.object({
  id: Id,
  login: z.string(),
  name: z.string(),
  role: Role,
  status: AgentStatus,
  departments: z.array(Department),
  maxChats: z.int().check(z.gte(0)),
  activeChats: z.int().check(z.gte(0)),
});
export type AgentView = z.infer<typeof AgentView>;

export const QueueSummary = z.object({
  department: Department,
  waiting: z.int().check(z.gte(0)),
  oldestWaitSeconds: z.number().check(z.gte(0)),
});
export type QueueSummary = z.infer<typeof QueueSummary>;

export const DepartmentHours = z.union([
  z.literal('always'),
  z.array(
    z.object({
      days: z.array(z.int().check(z.gte(1), z.lte(7))),
      open: z.string(),
      close: z.string(),
    }),
  ),
]);

/** `GET /api/public/departments` item. */
export const PublicDepartment = z.object({
  id: Department,
  label: z.string(),
  open: z.boolean(),
  nextOpeningAt: z.nullable(Instant),
  hours: DepartmentHours,
});
export type PublicDepartment = z.infer<typeof PublicDepartment>;

/** One entry of a ticket's history (`GET /api/tickets/:ref`), in order. */
export const TICKET_HISTORY_KINDS = ['created', 'transcript', 'reply', 'escalation', 'status', 'priority', 'assignee', 'merged'] as const;
export const TicketHistoryEntry = z.object({
  id: Id,
  kind: z.enum(TICKET_HISTORY_KINDS),
  at: Instant,
  author: z.optional(z.object({ role: AuthorRole, name: z.string(), id: z.optional(Id) })),
  /** The text of a form request, a reply, or a description of the change. */
  text: z.optional(z.string()),
  /** For `transcript` entries: the chat and its messages (internal notes marked `internal`). */
  chatId: z.optional(Id),
  messages: z.optional(z.array(Message)),
  /** For changes: `{ from, to }`; for escalations: `{ level, dueAt }`. */
  data: z.optional(z.record(z.string(), z.unknown())),
});
export type TicketHistoryEntry = z.infer<typeof TicketHistoryEntry>;

/** `GET /api/tickets` response. */
export const TicketListResponse = z.object({ tickets: z.array(TicketView), total: z.int().check(z.gte(0)) });
/** `GET /api/tickets/:ref` response. */
export const TicketDetailResponse = z.object({ ticket: TicketView, history: z.array(TicketHistoryEntry) });
/** `POST /api/tickets/:ref/replies` response. */
export const TicketReplyResponse = z.object({ reply: TicketHistoryEntry });
/** `GET /api/team` response: every agent, for transfers and the supervisor view. */
export const TeamResponse = z.object({ agents: z.array(AgentView) });
/** `GET /api/public/departments` response. */
export const PublicDepartmentsResponse = z.array(PublicDepartment);

/** `GET /api/queues` response: the queues an agent may see, with their chats in queue order. */
export const QueuesResponse = z.object({
  queues: z.array(z.object({
    department: Department,
    waiting: z.int().check(z.gte(0)),
    oldestWaitSeconds: z.number().check(z.gte(0)),
    chats: z.array(ChatView),
  })),
});
export type QueuesResponse = z.infer<typeof QueuesResponse>;
