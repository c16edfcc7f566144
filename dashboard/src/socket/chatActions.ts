import type { Category, Department, Priority } from '@besoin/shared';
import type { DeskAction } from '../state/deskReducer';
import { type AgentSocket, type CommandErrorCode, sendCommand } from './commands';

/** Where a transfer goes: exactly one of a department or an agent. */
export type TransferTarget = { toDepartment: Department } | { toAgentId: string };

/** Fields of "Convertir en ticket". */
export interface ConvertFields {
  subject: string;
  category: Category;
  priority: Priority;
}

/** Queue and hand-over commands of the desk. */
export interface ChatCommands {
  /** Takes a queued chat; on success it opens. */
  pick(chatId: string): Promise<boolean>;
  /** Hands a chat over; on success it leaves the agent's list. */
  transfer(chatId: string, target: TransferTarget): Promise<boolean>;
  /** Turns a chat into a ticket (or appends it to the requester's open one). */
  convert(chatId: string, fields: ConvertFields): Promise<boolean>;
  /** Supervisors: observes someone else's chat (`chat:join`); on success it opens. */
  join(chatId: string): Promise<boolean>;
  /** Supervisors: takes a chat over (a transfer to oneself); on success it opens as one's own. */
  takeOver(chatId: string): Promise<boolean>;
}

/** Options of {@link createChatCommands}. */
export interface ChatCommandsOptions {
  socket: AgentSocket;
  dispatch(action: DeskAction): void;
  /** Reports an error; `command` lets the caller word it for the context. */
  onError(code: CommandErrorCode, command: 'chat:pick' | 'chat:transfer' | 'chat:convert' | 'chat:join' | 'takeOver'): void;
  /** Called after a pick, won or lost, so that the queue lists catch up. */
  onQueueChanged(): void;
  /** Called with the id of a chat that was just picked or taken over (to sync its messages). */
  onPicked(chatId: string): void;
  /** The logged-in agent's id (the target of a take-over). */
  selfId(): string | undefined;
}

/** The chat:pick / chat:transfer / chat:convert commands, wired to the store. */
export function createChatCommands({ socket, dispatch, onError, onQueueChanged, onPicked, selfId }: ChatCommandsOptions): ChatCommands {
  return {
    async pick(chatId) {
      const res = await sendCommand(socket, 'chat:pick', { chatId });
      onQueueChanged();
      if (!res.ok) {
        onError(res.error.code, 'chat:pick');
        return false;
      }
      dispatch({ type: 'chat:picked', chat: res.data.chat });
      onPicked(res.data.chat.id);
      return true;
    },
    async transfer(chatId, target) {
      const res = await sendCommand(socket, 'chat:transfer', { chatId, ...target });
      if (!res.ok) {
        onError(res.error.code, 'chat:transfer');
        return false;
      }
      dispatch({ type: 'chat:transferred', chatId });
      return true;
    },
    async convert(chatId, { subject, category, priority }) {
      const trimmed = subject.trim();
      const res = await sendCommand(socket, 'chat:convert', { chatId, category, priority, ...(trimmed ? { subject: trimmed } : {}) });
      if (!res.ok) {
        onError(res.error.code, 'chat:convert');
        return false;
      }
      dispatch({ type: 'chat:converted', chatId, ticket: res.data.ticket, merged: res.data.merged });
      return true;
    },
    async join(chatId) {
      const res = await sendCommand(socket, 'chat:join', { chatId });
      if (!res.ok) {
        onError(res.error.code, 'chat:join');
        return false;
      }
      dispatch({ type: 'chat:joined', chat: res.data.chat, messages: res.data.messages });
      return true;
    },
    async takeOver(chatId) {
      const me = selfId();
      if (!me) return false;
      const res = await sendCommand(socket, 'chat:transfer', { chatId, toAgentId: me });
      if (!res.ok) {
        onError(res.error.code, 'takeOver');
        return false;
      }
      dispatch({ type: 'chat:takenOver', chat: res.data.chat });
      onPicked(res.data.chat.id);
      return true;
    },
  };
}
