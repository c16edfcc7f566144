import type Database from 'better-sqlite3';
import type { AgentStatus, Department } from '@besoin/shared';
import type { AgentPatch, NewAgent, NewChat, NewMessage } from '../store';
import {
  createAgentTx, deleteAgentTx, setAgentStatusTx, updateAgentTx,
} from './agent.transactions';
import {
  appendMessageTx, assignChatTx, createChatTx, endChatTx, requeueChatTx,
} from './chat.transactions';
import type { Statements } from './statements';

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
    appendMessage: db.transaction((input: NewMessage, now: string) =>
      appendMessageTx(s, input, now)),
  };
}

/** The transactions of one store instance. */
export type Transactions = ReturnType<typeof buildTransactions>;
