import type Database from 'better-sqlite3';
import type { AgentStatus, Department } from '@besoin/shared';
import type {
  AgentPatch, EmergencyLimitOptions, NewAgent, NewChat, NewEmergency, NewMessage, NewTicket,
  TicketActor, TicketDedupeOptions, TicketEscalation, TicketPatch, TicketReply,
} from '../store';
import {
  createAgentTx, deleteAgentTx, setAgentStatusTx, updateAgentTx,
} from './agent.transactions';
import {
  assignChatTx, createChatTx, endChatTx, markChatLongTx, reassignChatTx,
  requeueChatTx,
} from './chat.transactions';
import { createEmergencyTx, markEmergencyAbuseTx } from './emergency.transactions';
import type { Statements } from './statements';
import {
  addTicketReplyTx, convertChatTx, createTicketTx, escalateTicketTx, linkChatToTicketTx,
  updateTicketTx,
} from './ticket.transactions';

// Messages are not here: they are written in groups (groupCommit.ts, in sqlite.store.ts).
// Callers must run these with `.immediate()`: BEGIN IMMEDIATE takes the write lock before the
// first read, so the read-check-write of each operation is atomic across connections and
// processes (a plain BEGIN would let two writers read the same lastSeq, then one would fail
// with SQLITE_BUSY on upgrade instead of waiting).

/** Wraps each read-then-write operation in a transaction, built once per connection. */
export function buildTransactions(db: Database.Database, s: Statements) {
  return {
    createAgent: db.transaction((input: NewAgent, now: string) => createAgentTx(s, input, now)),
    updateAgent: db.transaction((id: string, patch: AgentPatch) => updateAgentTx(s, id, patch)),
    deleteAgent: db.transaction((id: string) => deleteAgentTx(s, id)),
    setAgentStatus: db.transaction((id: string, status: AgentStatus) =>
      setAgentStatusTx(s, id, status)),
    createChat: db.transaction((input: NewChat, first: Omit<NewMessage, 'chatId'>, now: string) =>
      createChatTx(s, input, first, now)),
    assignChat: db.transaction((chatId: string, agentId: string, maxChats: number, now: string) =>
      assignChatTx(s, chatId, agentId, maxChats, now)),
    requeueChat: db.transaction((chatId: string, department: Department | undefined) =>
      requeueChatTx(s, chatId, department)),
    endChat: db.transaction((chatId: string, status: 'ended' | 'converted', now: string) =>
      endChatTx(s, chatId, status, now)),
    reassignChat: db.transaction((chatId: string, fromAgentId: string, toAgentId: string,
      maxChats: number, now: string) => reassignChatTx(s, chatId, fromAgentId, toAgentId, maxChats, now)),
    markChatLong: db.transaction((chatId: string, now: string) => markChatLongTx(s, chatId, now)),
    createTicket: db.transaction((input: NewTicket, options: TicketDedupeOptions, now: string) =>
      createTicketTx(s, input, options, now)),
    convertChat: db.transaction((chatId: string, input: Omit<NewTicket, 'visitorId'>,
      options: TicketDedupeOptions, now: string) => convertChatTx(s, chatId, input, options, now)),
    linkChatToTicket: db.transaction((ref: string, chatId: string, actor: TicketActor, now: string) =>
      linkChatToTicketTx(s, ref, chatId, actor, now)),
    updateTicket: db.transaction((ref: string, patch: TicketPatch, actor: TicketActor, now: string) =>
      updateTicketTx(s, ref, patch, actor, now)),
    addTicketReply: db.transaction((ref: string, reply: TicketReply, now: string) =>
      addTicketReplyTx(s, ref, reply, now)),
    escalateTicket: db.transaction((ref: string, change: TicketEscalation, now: string) =>
      escalateTicketTx(s, ref, change, now)),
    createEmergency: db.transaction((input: NewEmergency, options: EmergencyLimitOptions, now: string) =>
      createEmergencyTx(s, input, options, now)),
    markEmergencyAbuse: db.transaction((id: string, markedBy: string, now: string) =>
      markEmergencyAbuseTx(s, id, markedBy, now)),
  };
}

/** The transactions of one store instance. */
export type Transactions = ReturnType<typeof buildTransactions>;
