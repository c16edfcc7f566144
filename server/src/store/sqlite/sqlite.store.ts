import Database from 'better-sqlite3';
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
import { slaBounds } from '../ticket.rules';
import { toEmergency } from './emergency.rows';
import { BACKSTOP_CHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from './checkpointer';
import { migrate } from './migrations';
import { loginKey, toAgent, toChat, toMessage, toSession, toVisitor } from './rows';
import { prepareStatements, type Statements } from './statements';
import { toTicket, toTicketEntry } from './ticket.rows';
import { containsPattern } from './ticket.statements';
import { appendMessageTx } from './chat.transactions';
import { buildTransactions, type Transactions } from './transactions';
import { groupCommit, type GroupCommit } from './groupCommit';

/** How long a writer waits for another connection's write lock before failing (ms). */
export const BUSY_TIMEOUT_MS = 5000;

/** The connection settings in force, for diagnostics and tests. */
export interface SqliteSettings {
  journalMode: string;
  synchronous: number;
  foreignKeys: boolean;
  busyTimeoutMs: number;
  schemaVersion: number;
}

/** Options of {@link openSqliteStore}. */
export interface SqliteOptions {
  /** `FULL` (default): durable on disk before the ack. `NORMAL`: durable across process crashes only. */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * Checkpoint the WAL from a worker thread instead of inside commits (see checkpointer.ts);
   * for the long-running server. Errors of the worker go to `onError`.
   */
  backgroundCheckpoint?: { intervalMs?: number; onError?: (message: string) => void };
}

/** Opens (creating and migrating if needed) the SQLite store at `file` (':memory:' works too, without WAL). */
export function openSqliteStore(file: string, options: SqliteOptions = {}): SqliteStore {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    // WAL: readers never block the writer, and the admin CLI can write while the server runs.
    db.pragma('journal_mode = WAL');
    // FULL fsyncs the WAL on every commit, so a message is on disk before it is acknowledged
    // and survives a power cut or OS crash. The cost: one fsync per write transaction
    // (roughly 0.1–2 ms on SSD, 5–10 ms on spinning disks), which caps write throughput at a
    // few hundred to a few thousand commits per second. NORMAL, the usual WAL choice, skips
    // that fsync: a commit survives a crash of the process (SIGKILL included) but the last ones
    // may be lost on power loss or an OS crash. Operators choose with SQLITE_SYNCHRONOUS.
    db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db);
    const background = options.backgroundCheckpoint;
    if (!background || file === ':memory:') return new SqliteStore(db);
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    const checkpointer = startCheckpointer({
      file, synchronous: options.synchronous ?? 'FULL', busyTimeoutMs: BUSY_TIMEOUT_MS, ...background,
    });
    return new SqliteStore(db, checkpointer);
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The embedded {@link Store}: one better-sqlite3 connection on a WAL-mode file. */
export class SqliteStore implements Store {
  private readonly s: Statements;
  private readonly tx: Transactions;
  /** Messages are the hot path: those of one turn of the event loop share a commit. */
  private readonly appendGroup: GroupCommit<[NewMessage, string], AppendMessageResult>;

  constructor(private readonly db: Database.Database, private readonly checkpointer: Checkpointer | null = null) {
    this.s = prepareStatements(db);
    this.tx = buildTransactions(db, this.s);
    this.appendGroup = groupCommit(db, (input: NewMessage, now: string) => appendMessageTx(this.s, input, now));
  }

  /** Reports the pragmas in force on this connection. */
  settings(): SqliteSettings {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      foreignKeys: Number(this.db.pragma('foreign_keys', { simple: true })) === 1,
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
      schemaVersion: Number(this.db.pragma('user_version', { simple: true })),
    };
  }

  async createAgent(input: NewAgent, now: string): Promise<AgentRecord | null> {
    return this.tx.createAgent.immediate(input, now);
  }

  async getAgent(id: string): Promise<AgentRecord | null> {
    const row = this.s.agentById.get(id);
    return row ? toAgent(row) : null;
  }

  async getAgentByLogin(login: string): Promise<AgentRecord | null> {
    const row = this.s.agentByLoginKey.get(loginKey(login));
    return row ? toAgent(row) : null;
  }

  async listAgents(): Promise<AgentRecord[]> {
    return this.s.listAgents.all().map(toAgent);
  }

  async updateAgent(id: string, patch: AgentPatch): Promise<AgentRecord | null> {
    return this.tx.updateAgent.immediate(id, patch);
  }

  async deleteAgent(id: string): Promise<boolean> {
    return this.tx.deleteAgent.immediate(id);
  }

  async setAgentStatus(id: string, status: AgentStatus): Promise<AgentRecord | null> {
    return this.tx.setAgentStatus.immediate(id, status);
  }

  async countActiveChats(agentId: string): Promise<number> {
    return this.s.countActiveChats.get(agentId)?.n ?? 0;
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.s.insertSession.run({
      token_hash: session.tokenHash,
      agent_id: session.agentId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    });
  }

  async getSession(tokenHash: string, now: string): Promise<SessionRecord | null> {
    const row = this.s.sessionByHash.get(tokenHash);
    // Compared as instants, not strings, so that differently formatted ISO times still agree.
    if (!row || Date.parse(row.expires_at) <= Date.parse(now)) return null;
    return toSession(row);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.s.deleteSession.run(tokenHash);
  }

  async deleteSessionsOfAgent(agentId: string): Promise<void> {
    this.s.deleteSessionsOfAgent.run(agentId);
  }

  async createVisitor(visitor: VisitorRecord): Promise<void> {
    this.s.insertVisitor.run({
      id: visitor.id,
      token_hash: visitor.tokenHash,
      created_at: visitor.createdAt,
    });
  }

  async getVisitorByTokenHash(tokenHash: string): Promise<VisitorRecord | null> {
    const row = this.s.visitorByHash.get(tokenHash);
    return row ? toVisitor(row) : null;
  }

  async createChat(
    input: NewChat, firstMessage: Omit<NewMessage, 'chatId'>, now: string,
  ): Promise<CreateChatResult> {
    return this.tx.createChat.immediate(input, firstMessage, now);
  }

  async getChat(id: string): Promise<ChatRecord | null> {
    const row = this.s.chatById.get(id);
    return row ? toChat(row) : null;
  }

  async getOpenChatOfVisitor(visitorId: string): Promise<ChatRecord | null> {
    const row = this.s.openChatOfVisitor.get(visitorId);
    return row ? toChat(row) : null;
  }

  async listActiveChatsOfAgent(agentId: string): Promise<ChatRecord[]> {
    return this.s.activeChatsOfAgent.all(agentId).map(toChat);
  }

  async listQueuedChats(department?: Department, limit?: number, offset = 0): Promise<ChatRecord[]> {
    const rows = department === undefined
      ? this.s.queuedChats.all()
      : this.s.queuedChatsOfDepartment.all(department, limit ?? -1, offset);
    return rows.map(toChat);
  }

  async queueStats(department: Department): Promise<{ waiting: number; oldestQueuedAt: string | null }> {
    const row = this.s.queueStats.get(department);
    return { waiting: row?.waiting ?? 0, oldestQueuedAt: row?.oldest ?? null };
  }

  async queuePosition(chatId: string): Promise<number | null> {
    const chat = this.s.chatById.get(chatId);
    if (!chat || chat.status !== 'queued') return null;
    return this.s.queuePosition.get(chatId)?.position ?? null;
  }

  async listOnlineAgentLoads(options: { withRoom?: { defaultMaxChats: number } } = {}): Promise<{ agent: AgentRecord; activeChats: number }[]> {
    const rows = options.withRoom
      ? this.s.onlineAgentLoadsWithRoom.all(options.withRoom.defaultMaxChats)
      : this.s.onlineAgentLoads.all();
    return rows.map((row) => ({ agent: toAgent(row), activeChats: row.active_chats }));
  }

  async assignChat(
    chatId: string, agentId: string, maxChats: number, now: string,
  ): Promise<AssignChatResult> {
    return this.tx.assignChat.immediate(chatId, agentId, maxChats, now);
  }

  async requeueChat(chatId: string, department?: Department): Promise<RequeueChatResult> {
    return this.tx.requeueChat.immediate(chatId, department);
  }

  async endChat(chatId: string, status: 'ended' | 'converted', now: string): Promise<EndChatResult> {
    return this.tx.endChat.immediate(chatId, status, now);
  }

  async reassignChat(
    chatId: string, fromAgentId: string, toAgentId: string, maxChats: number, now: string,
  ): Promise<ReassignChatResult> {
    return this.tx.reassignChat.immediate(chatId, fromAgentId, toAgentId, maxChats, now);
  }

  async listChatsAwaitingAnswer(assignedBefore: string): Promise<ChatRecord[]> {
    return this.s.chatsAwaitingAnswer.all(assignedBefore).map(toChat);
  }

  async listChatsIdleSince(agentMessageBefore: string): Promise<ChatRecord[]> {
    return this.s.chatsIdleSince.all(agentMessageBefore).map(toChat);
  }

  async listLongChatCandidates(flagBefore: string, convertBefore: string): Promise<ChatRecord[]> {
    return this.s.longChatCandidates.all(flagBefore, convertBefore).map(toChat);
  }

  async listActiveChats(): Promise<ChatRecord[]> {
    return this.s.allActiveChats.all().map(toChat);
  }

  async markChatLong(chatId: string, now: string): Promise<MarkChatLongResult> {
    return this.tx.markChatLong.immediate(chatId, now);
  }

  async appendMessage(input: NewMessage, now: string): Promise<AppendMessageResult> {
    return this.appendGroup(input, now);
  }

  async listMessages(
    chatId: string, afterSeq: number, options: { includeInternal: boolean },
  ): Promise<MessageRecord[]> {
    const statement = options.includeInternal ? this.s.messagesAfter : this.s.publicMessagesAfter;
    return statement.all(chatId, afterSeq).map(toMessage);
  }

  async createTicket(
    input: NewTicket, options: TicketDedupeOptions, now: string,
  ): Promise<CreateTicketResult> {
    return this.tx.createTicket.immediate(input, options, now);
  }

  async convertChat(
    chatId: string, input: Omit<NewTicket, 'visitorId'>, options: TicketDedupeOptions, now: string,
  ): Promise<ConvertChatResult> {
    return this.tx.convertChat.immediate(chatId, input, options, now);
  }

  async linkChatToTicket(
    ref: string, chatId: string, actor: TicketActor, now: string,
  ): Promise<LinkChatToTicketResult> {
    return this.tx.linkChatToTicket.immediate(ref, chatId, actor, now);
  }

  async getTicket(ref: string): Promise<TicketRecord | null> {
    const row = this.s.ticketByRef.get(ref);
    return row ? toTicket(row) : null;
  }

  async listTickets(filter: TicketFilter): Promise<{ tickets: TicketRecord[]; total: number }> {
    const sla = slaBounds(filter);
    const params = {
      status: filter.status ?? null,
      priority: filter.priority ?? null,
      department: filter.department ?? null,
      category: filter.category ?? null,
      assignee_id: filter.assigneeId ?? null,
      visitor_id: filter.visitorId ?? null,
      sla: filter.sla ?? null,
      now: sla?.now ?? null,
      risk_until: sla?.riskUntil ?? null,
      pattern: filter.q ? containsPattern(filter.q) : null,
    };
    const list = sla ? this.s.listTicketsByDue : this.s.listTickets;
    // One read transaction, so that the page and the total come from the same snapshot.
    return this.db.transaction(() => ({
      tickets: list.all({ ...params, limit: filter.limit, offset: filter.offset }).map(toTicket),
      total: this.s.countTickets.get(params)?.n ?? 0,
    }))();
  }

  async updateTicket(
    ref: string, patch: TicketPatch, actor: TicketActor, now: string,
  ): Promise<{ ticket: TicketRecord; entries: TicketEntryRecord[] } | null> {
    return this.tx.updateTicket.immediate(ref, patch, actor, now);
  }

  async addTicketReply(
    ref: string, reply: TicketReply, now: string,
  ): Promise<{ ticket: TicketRecord; entry: TicketEntryRecord } | null> {
    return this.tx.addTicketReply.immediate(ref, reply, now);
  }

  async listTicketEntries(ref: string): Promise<TicketEntryRecord[]> {
    return this.s.entriesOfTicket.all(ref).map(toTicketEntry);
  }

  async listTicketsDue(now: string): Promise<TicketRecord[]> {
    return this.s.ticketsDue.all(now).map(toTicket);
  }

  async escalateTicket(
    ref: string, change: TicketEscalation, now: string,
  ): Promise<EscalateTicketResult> {
    return this.tx.escalateTicket.immediate(ref, change, now);
  }

  async createEmergency(
    input: NewEmergency, options: EmergencyLimitOptions, now: string,
  ): Promise<CreateEmergencyResult> {
    return this.tx.createEmergency.immediate(input, options, now);
  }

  async listEmergencies(filter: EmergencyFilter): Promise<EmergencyRecord[]> {
    return this.s.listEmergencies.all({ since: filter.since ?? null, limit: filter.limit }).map(toEmergency);
  }

  async markEmergencyAbuse(id: string, markedBy: string, now: string): Promise<EmergencyRecord | null> {
    return this.tx.markEmergencyAbuse.immediate(id, markedBy, now);
  }

  async ping(): Promise<boolean> {
    try {
      return this.s.ping.get()?.ok === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.appendGroup.flush();
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }
}
