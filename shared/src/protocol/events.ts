import * as z from 'zod/mini';
import type { Ack } from './ack';
import {
  AgentStatus, AgentView, Category, ChatView, ClientMessageId, Department, Email, Id, Locale,
  Message, MessageText, PersonName, Priority, QueueSummary, Seq, Subject, TicketView,
} from './schemas';

// The event catalog of DESIGN §2, defined once. Commands (client → server) pair a payload
// schema with the schema of the ack's data; broadcasts (server → client) have a payload schema.
// The socket.io event maps below are derived from these tables, never written by hand.

const Empty = z.object({});
const ChatRef = z.object({ chatId: Id });

export const ChatStartPayload = z.object({
  name: PersonName,
  email: Email,
  department: Department,
  subject: Subject,
  message: MessageText,
  urgent: z.optional(z.boolean()),
  locale: z.optional(Locale),
  pageUrl: z.optional(z.string().check(z.maxLength(2048))),
});
export type ChatStartPayload = z.infer<typeof ChatStartPayload>;

export const TicketCreatePayload = z.object({
  name: PersonName,
  email: Email,
  department: Department,
  subject: Subject,
  message: MessageText,
  urgent: z.optional(z.boolean()),
});
export type TicketCreatePayload = z.infer<typeof TicketCreatePayload>;

export const MessageSendPayload = z.object({ chatId: Id, clientMessageId: ClientMessageId, text: MessageText });
export const AgentMessageSendPayload = z.object({
  chatId: Id,
  clientMessageId: ClientMessageId,
  text: MessageText,
  internal: z.optional(z.boolean()),
});
export const ChatSyncPayload = z.object({ chatId: Id, afterSeq: Seq });
export const TypingSetPayload = z.object({ chatId: Id, typing: z.boolean() });
export const ChatReadPayload = z.object({ chatId: Id, seq: Seq });
export const ChatRatePayload = z.object({
  chatId: Id,
  score: z.int().check(z.gte(1), z.lte(5)),
  comment: z.optional(z.string().check(z.maxLength(2000))),
});
export const SupervisorRequestPayload = z.object({
  chatId: z.optional(Id),
  name: z.optional(PersonName),
  email: z.optional(Email),
  message: MessageText,
});
export const EmergencyRaisePayload = z.object({
  ticketRef: z.string().check(z.minLength(1), z.maxLength(64)),
  testedOtherDevices: z.boolean(),
  testedOtherNetworks: z.boolean(),
  description: MessageText,
});
export const AgentStatusPayload = z.object({ status: AgentStatus });
export const ChatTransferPayload = z.object({
  chatId: Id,
  toAgentId: z.optional(Id),
  toDepartment: z.optional(Department),
});
export const ChatConvertPayload = z.object({
  chatId: Id,
  subject: z.optional(Subject),
  category: z.optional(Category),
  priority: z.optional(Priority),
});

const ChatResult = z.object({ chat: ChatView });
const MessageResult = z.object({ message: Message });
const SyncResult = z.object({ chat: ChatView, messages: z.array(Message) });
const TicketResult = z.object({ ticket: TicketView, merged: z.boolean() });

/** Commands a visitor sends on `/visitor`. */
export const visitorCommands = {
  'chat:start': { payload: ChatStartPayload, result: ChatResult },
  'message:send': { payload: MessageSendPayload, result: MessageResult },
  'chat:sync': { payload: ChatSyncPayload, result: SyncResult },
  'typing:set': { payload: TypingSetPayload, result: Empty },
  'chat:read': { payload: ChatReadPayload, result: Empty },
  'chat:end': { payload: ChatRef, result: ChatResult },
  'chat:rate': { payload: ChatRatePayload, result: Empty },
  'ticket:create': { payload: TicketCreatePayload, result: TicketResult },
  'supervisor:request': { payload: SupervisorRequestPayload, result: z.object({ ticket: TicketView }) },
  'emergency:raise': { payload: EmergencyRaisePayload, result: z.object({ emergencyId: Id }) },
} as const;

/** Commands an agent sends on `/agent`. */
export const agentCommands = {
  'agent:status': { payload: AgentStatusPayload, result: z.object({ agent: AgentView }) },
  'message:send': { payload: AgentMessageSendPayload, result: MessageResult },
  'chat:sync': { payload: ChatSyncPayload, result: SyncResult },
  'typing:set': { payload: TypingSetPayload, result: Empty },
  'chat:read': { payload: ChatReadPayload, result: Empty },
  'chat:pick': { payload: ChatRef, result: ChatResult },
  'chat:transfer': { payload: ChatTransferPayload, result: ChatResult },
  'chat:close': { payload: ChatRef, result: ChatResult },
  'chat:convert': { payload: ChatConvertPayload, result: TicketResult },
  'chat:join': { payload: ChatRef, result: SyncResult },
} as const;

const TypingChanged = z.object({ chatId: Id, typing: z.boolean(), role: z.enum(['visitor', 'agent']) });

/** Broadcasts the server sends on `/visitor`. */
export const visitorBroadcasts = {
  'session:ready': z.object({ visitorToken: z.string(), activeChat: z.nullable(ChatView) }),
  'chat:updated': ChatResult,
  'message:created': MessageResult,
  'typing:changed': TypingChanged,
  'chat:converted': z.object({ chatId: Id, ticket: TicketView }),
} as const;

/** Broadcasts the server sends on `/agent`. */
export const agentBroadcasts = {
  'session:ready': z.object({ agent: AgentView, chats: z.array(ChatView), queues: z.array(QueueSummary) }),
  'chat:assigned': z.object({ chat: ChatView, messages: z.array(Message) }),
  'chat:updated': ChatResult,
  'message:created': MessageResult,
  'typing:changed': TypingChanged,
  'chat:long': z.object({ chatId: Id, minutes: z.number(), messages: z.int() }),
  'queue:updated': QueueSummary,
  'ticket:created': z.object({ ticket: TicketView }),
  'ticket:updated': z.object({ ticket: TicketView }),
  'sla:breached': z.object({ ticket: TicketView }),
  'emergency:raised': z.object({ ticket: TicketView, emergencyId: Id }),
  'agent:updated': z.object({ agent: AgentView }),
} as const;

type CommandTable = Record<string, { payload: z.ZodMiniType; result: z.ZodMiniType }>;
type BroadcastTable = Record<string, z.ZodMiniType>;

/** Socket.IO client-to-server map derived from a command table: `(payload, ack) => void`. */
export type CommandEvents<T extends CommandTable> = {
  [K in keyof T]: (payload: z.input<T[K]['payload']>, ack: (res: Ack<z.output<T[K]['result']>>) => void) => void;
};
/** Socket.IO server-to-client map derived from a broadcast table. */
export type BroadcastEvents<T extends BroadcastTable> = {
  [K in keyof T]: (payload: z.output<T[K]>) => void;
};

export type VisitorCommandName = keyof typeof visitorCommands;
export type AgentCommandName = keyof typeof agentCommands;
/** Payload type (after parsing) of a command. */
export type CommandPayload<T extends CommandTable, K extends keyof T> = z.output<T[K]['payload']>;
/** Ack data type of a command. */
export type CommandResult<T extends CommandTable, K extends keyof T> = z.output<T[K]['result']>;

export type VisitorClientToServerEvents = CommandEvents<typeof visitorCommands>;
export type VisitorServerToClientEvents = BroadcastEvents<typeof visitorBroadcasts>;
export type AgentClientToServerEvents = CommandEvents<typeof agentCommands>;
export type AgentServerToClientEvents = BroadcastEvents<typeof agentBroadcasts>;

/** Handshake `auth` of each namespace. */
export const VisitorHandshake = z.object({ protocol: z.number(), visitorToken: z.optional(z.string().check(z.maxLength(256))) });
export const AgentHandshake = z.object({ protocol: z.number(), token: z.string().check(z.maxLength(256)) });
