/**
 * The scale-out {@link Store}: every server node talks to one Redis, and every operation that
 * decides something is one Lua script (scripts/), so N nodes get the same guarantees as the
 * SQLite store's BEGIN IMMEDIATE transactions. Key layout: keys.ts.
 *
 * Redis settings this store needs (redis.conf or CONFIG SET):
 * - `appendonly yes`: without the AOF, a restart loses everything written since the last RDB
 *   snapshot (minutes of chats, messages, tickets).
 * - `appendfsync everysec` (recommended) or `always`. `everysec` fsyncs the AOF once a second:
 *   a Redis crash or power cut can lose up to about one second of acknowledged writes, which
 *   is what SQLite's synchronous=NORMAL risks too; throughput stays near in-memory speed.
 *   `always` fsyncs before every reply, so an acknowledged message survives a power cut
 *   (SQLite's FULL), at the cost of one fsync per write (a few hundred to a few thousand writes
 *   per second, depending on the disk). `no` leaves flushing to the OS: do not use it.
 * - `maxmemory-policy noeviction`: any other policy may silently evict chats, queues or
 *   counters (a reused ticket ref, a lost slot count). With noeviction Redis refuses writes
 *   when full and the store reports errors instead. Size `maxmemory` accordingly.
 * - A standalone Redis (optionally with Sentinel/replicas), not Redis Cluster: scripts derive
 *   keys from what they read (a chat's agent or department), which Cluster does not allow.
 *   Redis >= 6.2 (ZRANGE … BYLEX REV LIMIT).
 */
import type { AgentStatus, Department } from '@besoin/shared';
import type {
  AgentPatch, AgentRecord, AppendMessageResult, AssignChatResult, ChatRecord, ConvertChatResult,
  CreateChatResult, CreateEmergencyResult, CreateTicketResult, EmergencyFilter,
  EmergencyLimitOptions, EmergencyRecord, EndChatResult, EscalateTicketResult,
  LinkChatToTicketResult, MarkChatLongResult, MessageRecord, NewAgent, NewChat, NewEmergency,
  NewMessage, NewTicket, ReassignChatResult, RequeueChatResult, SessionRecord, Store, TicketActor,
  TicketDedupeOptions, TicketEntryRecord, TicketEscalation, TicketFilter, TicketPatch, TicketRecord,
  TicketReply, VisitorRecord,
} from '../store';
import * as agents from './agents';
import * as chatQueries from './chat.queries';
import * as chats from './chats';
import {
  connectRedis, deleteKeysUnder, disconnectRedis, type ConnectionOptions, type RedisClient,
} from './connection';
import { createContext, type RedisContext } from './context';
import * as emergencies from './emergencies';
import * as ticketQueries from './ticket.queries';
import * as tickets from './tickets';

/** The key prefix when none is given. */
export const DEFAULT_PREFIX = 'besoin:';

/** How long ping() waits for PONG before answering false (ms). */
const PING_TIMEOUT_MS = 1000;

/** Options of {@link openRedisStore}. */
export interface RedisStoreOptions extends ConnectionOptions {
  /**
   * Every key starts with it (default `besoin:`); separate prefixes are separate stores. End
   * it with ':' so that no prefix is the beginning of another store's (purge() matches by prefix).
   */
  prefix?: string;
}

/**
 * Connects to Redis and returns the store. Resolves after the first connection attempt even
 * when Redis is unreachable: the client keeps reconnecting, commands fail fast meanwhile,
 * and `ping()` answers false until Redis is back.
 */
export async function openRedisStore(options: RedisStoreOptions): Promise<RedisStore> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (prefix.length === 0) throw new Error('the Redis key prefix must not be empty');
  return new RedisStore(await connectRedis(options), prefix);
}

/** The Redis {@link Store}; one connection, shared by concurrent calls (pipelined). */
export class RedisStore implements Store {
  private readonly ctx: RedisContext;

  constructor(private readonly client: RedisClient, readonly prefix: string) {
    this.ctx = createContext(client, prefix);
  }

  /** Deletes every key under this store's prefix (tests, resets); answers how many. */
  async purge(): Promise<number> {
    return deleteKeysUnder(this.client, this.prefix);
  }

  async createAgent(input: NewAgent, now: string): Promise<AgentRecord | null> {
    return agents.createAgent(this.ctx, input, now);
  }

  async getAgent(id: string): Promise<AgentRecord | null> {
    return agents.getAgent(this.ctx, id);
  }

  async getAgentByLogin(login: string): Promise<AgentRecord | null> {
    return agents.getAgentByLogin(this.ctx, login);
  }

  async listAgents(): Promise<AgentRecord[]> {
    return agents.listAgents(this.ctx);
  }

  async updateAgent(id: string, patch: AgentPatch): Promise<AgentRecord | null> {
    return agents.updateAgent(this.ctx, id, patch);
  }

  async deleteAgent(id: string): Promise<boolean> {
    return agents.deleteAgent(this.ctx, id);
  }

  async setAgentStatus(id: string, status: AgentStatus): Promise<AgentRecord | null> {
    return agents.setAgentStatus(this.ctx, id, status);
  }

  async countActiveChats(agentId: string): Promise<number> {
    return chatQueries.countActiveChats(this.ctx, agentId);
  }

  async createSession(session: SessionRecord): Promise<void> {
    return agents.createSession(this.ctx, session);
  }

  async getSession(tokenHash: string, now: string): Promise<SessionRecord | null> {
    return agents.getSession(this.ctx, tokenHash, now);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    return agents.deleteSession(this.ctx, tokenHash);
  }

  async deleteSessionsOfAgent(agentId: string): Promise<void> {
    return agents.deleteSessionsOfAgent(this.ctx, agentId);
  }

  async createVisitor(visitor: VisitorRecord): Promise<void> {
    return agents.createVisitor(this.ctx, visitor);
  }

  async getVisitorByTokenHash(tokenHash: string): Promise<VisitorRecord | null> {
    return agents.getVisitorByTokenHash(this.ctx, tokenHash);
  }

  async createChat(input: NewChat, firstMessage: Omit<NewMessage, 'chatId'>, now: string): Promise<CreateChatResult> {
    return chats.createChat(this.ctx, input, firstMessage, now);
  }

  async getChat(id: string): Promise<ChatRecord | null> {
    return chatQueries.getChat(this.ctx, id);
  }

  async getOpenChatOfVisitor(visitorId: string): Promise<ChatRecord | null> {
    return chatQueries.getOpenChatOfVisitor(this.ctx, visitorId);
  }

  async listActiveChatsOfAgent(agentId: string): Promise<ChatRecord[]> {
    return chatQueries.listActiveChatsOfAgent(this.ctx, agentId);
  }

  async listQueuedChats(department?: Department, limit?: number, offset?: number): Promise<ChatRecord[]> {
    return chatQueries.listQueuedChats(this.ctx, department, limit, offset);
  }

  async queueStats(department: Department): Promise<{ waiting: number; oldestQueuedAt: string | null }> {
    return chatQueries.queueStats(this.ctx, department);
  }

  async queuePosition(chatId: string): Promise<number | null> {
    return chatQueries.queuePosition(this.ctx, chatId);
  }

  async listOnlineAgentLoads(
    options: { withRoom?: { defaultMaxChats: number } } = {},
  ): Promise<{ agent: AgentRecord; activeChats: number }[]> {
    return agents.listOnlineAgentLoads(this.ctx, options);
  }

  async assignChat(chatId: string, agentId: string, maxChats: number, now: string): Promise<AssignChatResult> {
    return chats.assignChat(this.ctx, chatId, agentId, maxChats, now);
  }

  async requeueChat(chatId: string, department?: Department): Promise<RequeueChatResult> {
    return chats.requeueChat(this.ctx, chatId, department);
  }

  async reassignChat(
    chatId: string, fromAgentId: string, toAgentId: string, maxChats: number, now: string,
  ): Promise<ReassignChatResult> {
    return chats.reassignChat(this.ctx, chatId, fromAgentId, toAgentId, maxChats, now);
  }

  async listActiveChats(): Promise<ChatRecord[]> {
    return chatQueries.listActiveChats(this.ctx);
  }

  async listChatsAwaitingAnswer(assignedBefore: string): Promise<ChatRecord[]> {
    return chatQueries.listChatsAwaitingAnswer(this.ctx, assignedBefore);
  }

  async listChatsIdleSince(agentMessageBefore: string): Promise<ChatRecord[]> {
    return chatQueries.listChatsIdleSince(this.ctx, agentMessageBefore);
  }

  async listLongChatCandidates(flagBefore: string, convertBefore: string): Promise<ChatRecord[]> {
    return chatQueries.listLongChatCandidates(this.ctx, flagBefore, convertBefore);
  }

  async markChatLong(chatId: string, now: string): Promise<MarkChatLongResult> {
    return chats.markChatLong(this.ctx, chatId, now);
  }

  async endChat(chatId: string, status: 'ended' | 'converted', now: string): Promise<EndChatResult> {
    return chats.endChat(this.ctx, chatId, status, now);
  }

  async appendMessage(input: NewMessage, now: string): Promise<AppendMessageResult> {
    return chats.appendMessage(this.ctx, input, now);
  }

  async listMessages(chatId: string, afterSeq: number, options: { includeInternal: boolean }): Promise<MessageRecord[]> {
    return chats.listMessages(this.ctx, chatId, afterSeq, options);
  }

  async createTicket(input: NewTicket, options: TicketDedupeOptions, now: string): Promise<CreateTicketResult> {
    return tickets.createTicket(this.ctx, input, options, now);
  }

  async convertChat(
    chatId: string, input: Omit<NewTicket, 'visitorId'>, options: TicketDedupeOptions, now: string,
  ): Promise<ConvertChatResult> {
    return tickets.convertChat(this.ctx, chatId, input, options, now);
  }

  async linkChatToTicket(ref: string, chatId: string, actor: TicketActor, now: string): Promise<LinkChatToTicketResult> {
    return tickets.linkChatToTicket(this.ctx, ref, chatId, actor, now);
  }

  async getTicket(ref: string): Promise<TicketRecord | null> {
    return tickets.getTicket(this.ctx, ref);
  }

  async listTickets(filter: TicketFilter): Promise<{ tickets: TicketRecord[]; total: number }> {
    return ticketQueries.listTickets(this.ctx, filter);
  }

  async updateTicket(
    ref: string, patch: TicketPatch, actor: TicketActor, now: string,
  ): Promise<{ ticket: TicketRecord; entries: TicketEntryRecord[] } | null> {
    return tickets.updateTicket(this.ctx, ref, patch, actor, now);
  }

  async addTicketReply(
    ref: string, reply: TicketReply, now: string,
  ): Promise<{ ticket: TicketRecord; entry: TicketEntryRecord } | null> {
    return tickets.addTicketReply(this.ctx, ref, reply, now);
  }

  async listTicketEntries(ref: string): Promise<TicketEntryRecord[]> {
    return tickets.listTicketEntries(this.ctx, ref);
  }

  async listTicketsDue(now: string): Promise<TicketRecord[]> {
    return ticketQueries.listTicketsDue(this.ctx, now);
  }

  async escalateTicket(ref: string, change: TicketEscalation, now: string): Promise<EscalateTicketResult> {
    return tickets.escalateTicket(this.ctx, ref, change, now);
  }

  async createEmergency(
    input: NewEmergency, options: EmergencyLimitOptions, now: string,
  ): Promise<CreateEmergencyResult> {
    return emergencies.createEmergency(this.ctx, input, options, now);
  }

  async listEmergencies(filter: EmergencyFilter): Promise<EmergencyRecord[]> {
    return emergencies.listEmergencies(this.ctx, filter);
  }

  async markEmergencyAbuse(id: string, markedBy: string, now: string): Promise<EmergencyRecord | null> {
    return emergencies.markEmergencyAbuse(this.ctx, id, markedBy, now);
  }

  /** True when Redis answers PING in time; false (never a throw) when it is down or slow. */
  async ping(): Promise<boolean> {
    if (!this.client.isReady) return false;
    try {
      return (await this.client.sendCommand<unknown>(['PING'], { timeout: PING_TIMEOUT_MS })) === 'PONG';
    } catch {
      return false;
    }
  }

  /** Closes the connection (the data stays in Redis). */
  async close(): Promise<void> {
    await disconnectRedis(this.client);
  }
}
