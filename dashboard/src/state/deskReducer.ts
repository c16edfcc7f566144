import type { AgentView, ChatView, Department, Message, QueueSummary, TicketView } from '@besoin/shared';
import type { QueueDetail } from '../api/desk';
import { t } from '../i18n';
import { mergeMessages, removeChat, updateEntry, upsertChat, withMessages, withPending } from './chatEntries';
import { type ConnectionState, type DeskState, type DeskView, type PendingMessage, canSupervise, initialDeskState, isEnded } from './deskState';
import { type SupervisionAction, supervisionReducer } from './supervisionReducer';
import { type TicketAction, isTicketAction, ticketsReducer } from './ticketsReducer';

export { mergeMessages };

/** Everything that can change the desk state. Server events keep their wire names. */
export type DeskAction =
  | { type: 'connection'; state: ConnectionState }
  | { type: 'session:ready'; agent: AgentView; chats: ChatView[]; queues: QueueSummary[] }
  | { type: 'chat:assigned'; chat: ChatView; messages: Message[] }
  | { type: 'chat:updated'; chat: ChatView }
  | { type: 'chat:synced'; chat: ChatView; messages: Message[] }
  | { type: 'chat:removed'; chatId: string }
  | { type: 'message:created'; message: Message }
  | { type: 'typing:changed'; chatId: string; typing: boolean; role: 'visitor' | 'agent' }
  | { type: 'agent:updated'; agent: AgentView }
  | { type: 'queue:updated'; queue: QueueSummary; at?: number }
  | { type: 'queues:loaded'; queues: QueueDetail[]; at: number }
  | { type: 'chat:picked'; chat: ChatView }
  | { type: 'chat:transferred'; chatId: string }
  | { type: 'chat:long'; chatId: string; minutes: number; messages: number }
  | { type: 'chat:converted'; chatId: string; ticket: TicketView; merged: boolean }
  | { type: 'team:loaded'; agents: AgentView[] }
  | { type: 'view:changed'; view: DeskView }
  | { type: 'notice'; message: string | null }
  | { type: 'chat:selected'; chatId: string | null }
  | { type: 'chat:dismissed'; chatId: string }
  | { type: 'outbox:added'; pending: PendingMessage }
  | { type: 'outbox:acked'; clientMessageId: string; message: Message }
  | { type: 'outbox:failed'; chatId: string; clientMessageId: string }
  | { type: 'error'; message: string | null }
  | { type: 'chat:joined'; chat: ChatView; messages: Message[] }
  | { type: 'chat:takenOver'; chat: ChatView }
  | { type: 'team:agentSaved'; agent: AgentView }
  | { type: 'team:agentDeleted'; agentId: string }
  | { type: 'alarmSound:changed'; on: boolean }
  | SupervisionAction
  | TicketAction;

/** True when the chat, still live, now belongs to someone else than `me` (timeout reassignment, re-queue). */
function movedAway(chat: ChatView, me: string | undefined): boolean {
  return me !== undefined && !isEnded(chat) && chat.agent?.id !== me;
}

function withoutQueued(queueChats: DeskState['queueChats'], chatId: string): DeskState['queueChats'] {
  const next: DeskState['queueChats'] = {};
  for (const [department, chats] of Object.entries(queueChats) as [Department, ChatView[]][]) {
    next[department] = chats.filter((c) => c.id !== chatId);
  }
  return next;
}


/** The desk's reducer: pure, so that it is unit-tested without a server. */
export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  if (isTicketAction(action)) {
    const tickets = ticketsReducer(state.tickets, action);
    const supervision = action.type === 'ticket:updated' ? supervisionReducer(state.supervision, action) : state.supervision;
    // Complaints (rule 9) go to supervisors: say so even when the tickets view is not open.
    const complaint = action.type === 'ticket:created' && action.ticket.category === 'complaint' && canSupervise(state.agent);
    const notice = complaint ? t('notice.complaint', { ref: action.ticket.ref, subject: action.ticket.subject }) : state.notice;
    if (tickets === state.tickets && supervision === state.supervision && notice === state.notice) return state;
    return { ...state, tickets, supervision, notice };
  }
  switch (action.type) {
    case 'sla:breached': {
      const { ticket } = action;
      return {
        ...state,
        tickets: ticketsReducer(state.tickets, { type: 'ticket:updated', ticket }),
        supervision: supervisionReducer(state.supervision, action),
        notice: t('notice.slaBreached', { ref: ticket.ref, level: ticket.escalationLevel }),
      };
    }
    case 'emergency:raised':
      // Only supervisors and admins are paged; anything else is a stray event.
      if (!canSupervise(state.agent)) return state;
      return {
        ...state,
        tickets: ticketsReducer(state.tickets, { type: 'ticket:updated', ticket: action.ticket }),
        supervision: supervisionReducer(state.supervision, action),
      };
    case 'supervision:loaded':
    case 'emergency:updated':
    case 'alarm:acknowledged':
      return { ...state, supervision: supervisionReducer(state.supervision, action) };
    case 'alarmSound:changed':
      return { ...state, alarmSound: action.on };
    case 'chat:joined': {
      const mine = action.chat.agent?.id === state.agent?.id;
      const known = state.chats[action.chat.id];
      let next = upsertChat(state, action.chat, action.messages);
      next = updateEntry(next, action.chat.id, (e) => ({ ...e, observing: known ? Boolean(known.observing) && !mine : !mine }));
      return { ...next, selectedChatId: action.chat.id, view: 'chats' };
    }
    case 'chat:takenOver': {
      const next = updateEntry(upsertChat(state, action.chat, []), action.chat.id, (e) => ({ ...e, observing: false }));
      return {
        ...next,
        supervision: supervisionReducer(next.supervision, { type: 'chat:updated', chat: action.chat }),
        selectedChatId: action.chat.id,
        view: 'chats',
      };
    }
    case 'team:agentSaved': {
      const team = state.team ?? [];
      const known = team.some((a) => a.id === action.agent.id);
      const agent = state.agent?.id === action.agent.id ? action.agent : state.agent;
      return { ...state, agent, team: known ? team.map((a) => (a.id === action.agent.id ? action.agent : a)) : [...team, action.agent] };
    }
    case 'team:agentDeleted':
      return state.team ? { ...state, team: state.team.filter((a) => a.id !== action.agentId) } : state;
    case 'connection':
      return { ...state, connection: action.state };
    case 'session:ready': {
      // The server's list is the truth for held chats; chats known here but absent from it are
      // kept (they may have ended while we were away — the sync that follows tells).
      let next: DeskState = { ...state, agent: action.agent, queues: {}, connection: 'online' };
      for (const q of action.queues) next.queues[q.department] = q;
      for (const chat of action.chats) next = upsertChat(next, chat, []);
      return next;
    }
    case 'chat:assigned': {
      const isNew = !state.chats[action.chat.id];
      // A chat the supervisor was observing that becomes theirs is no longer observed.
      const next = updateEntry(upsertChat(state, action.chat, action.messages), action.chat.id, (e) => (e.observing ? { ...e, observing: false } : e));
      return isNew ? { ...next, announcement: t('announce.newChat', { name: action.chat.visitor.name }) } : next;
    }
    case 'chat:updated': {
      const supervision = supervisionReducer(state.supervision, action);
      const base = supervision === state.supervision ? state : { ...state, supervision };
      const entry = state.chats[action.chat.id];
      if (entry && !entry.observing && movedAway(action.chat, state.agent?.id)) {
        return { ...removeChat(base, action.chat.id), notice: t('notice.reassigned') };
      }
      const mine = action.chat.agent?.id === state.agent?.id;
      return updateEntry(base, action.chat.id, (e) => ({
        ...e,
        chat: action.chat,
        visitorTyping: isEnded(action.chat) ? false : e.visitorTyping,
        ...(e.observing && mine ? { observing: false } : {}),
      }));
    }
    case 'chat:synced':
      return state.chats[action.chat.id] ? upsertChat(state, action.chat, action.messages) : state;
    case 'chat:removed':
    case 'chat:dismissed':
      return removeChat(state, action.chatId);
    case 'chat:picked': {
      const next = upsertChat({ ...state, queueChats: withoutQueued(state.queueChats, action.chat.id) }, action.chat, []);
      return { ...next, selectedChatId: action.chat.id, view: 'chats' };
    }
    case 'chat:transferred': {
      const entry = state.chats[action.chatId];
      if (!entry) return state;
      return { ...removeChat(state, action.chatId), notice: t('notice.transferred', { name: entry.chat.visitor.name }) };
    }
    case 'chat:long':
      return updateEntry(state, action.chatId, (e) => ({
        ...e,
        chat: { ...e.chat, long: { minutes: action.minutes, messages: action.messages } },
      }));
    case 'chat:converted': {
      const { ref } = action.ticket;
      const next = updateEntry(state, action.chatId, (e) => ({
        ...e,
        chat: { ...e.chat, status: 'converted', ticketRef: ref },
        visitorTyping: false,
      }));
      const notice = action.merged ? t('notice.ticketMerged', { ref }) : t('notice.ticketCreated', { ref });
      return { ...next, notice };
    }
    case 'message:created': {
      const { message } = action;
      return updateEntry(state, message.chatId, (e) => {
        const entry = withMessages(e, [message], state.selectedChatId === message.chatId);
        return message.seq > entry.chat.lastSeq ? { ...entry, chat: { ...entry.chat, lastSeq: message.seq } } : entry;
      });
    }
    case 'typing:changed':
      if (action.role !== 'visitor') return state;
      return updateEntry(state, action.chatId, (e) => ({ ...e, visitorTyping: action.typing }));
    case 'agent:updated': {
      // Supervisors also hear about other agents: only our own update changes `agent`.
      const self = !state.agent || state.agent.id === action.agent.id;
      const team = state.team?.some((a) => a.id === action.agent.id)
        ? state.team.map((a) => (a.id === action.agent.id ? action.agent : a))
        : state.team;
      return { ...state, agent: self ? action.agent : state.agent, team };
    }
    case 'queue:updated':
      return {
        ...state,
        queues: { ...state.queues, [action.queue.department]: action.queue },
        queuesAt: action.at ?? state.queuesAt,
      };
    case 'queues:loaded': {
      const queues: DeskState['queues'] = {};
      const queueChats: DeskState['queueChats'] = {};
      for (const { chats, ...summary } of action.queues) {
        queues[summary.department] = summary;
        queueChats[summary.department] = chats;
      }
      return { ...state, queues, queueChats, queuesAt: action.at };
    }
    case 'team:loaded':
      return { ...state, team: action.agents };
    case 'view:changed':
      return { ...state, view: action.view };
    case 'notice':
      return { ...state, notice: action.message };
    case 'chat:selected': {
      const next = { ...state, selectedChatId: action.chatId };
      if (action.chatId === null) return next;
      return updateEntry(next, action.chatId, (e) => ({ ...e, seenSeq: Math.max(e.seenSeq, e.messages.at(-1)?.seq ?? 0) }));
    }
    case 'outbox:added': {
      const next = updateEntry(state, action.pending.chatId, (e) => withPending(e, action.pending));
      return next.chats[action.pending.chatId] === state.chats[action.pending.chatId] ? state : next;
    }
    case 'outbox:acked': {
      const { message } = action;
      return updateEntry(state, message.chatId, (e) => {
        const entry = withMessages(e, [message], true);
        return {
          ...entry,
          pending: entry.pending.filter((p) => p.clientMessageId !== action.clientMessageId),
          chat: message.seq > entry.chat.lastSeq ? { ...entry.chat, lastSeq: message.seq } : entry.chat,
        };
      });
    }
    case 'outbox:failed':
      return updateEntry(state, action.chatId, (e) => ({
        ...e,
        pending: e.pending.map((p) => (p.clientMessageId === action.clientMessageId ? { ...p, failed: true } : p)),
      }));
    case 'error':
      return { ...state, error: action.message };
  }
}

/** A minimal observable store around {@link deskReducer}. */
export interface DeskStore {
  getState(): DeskState;
  dispatch(action: DeskAction): void;
  subscribe(listener: () => void): () => void;
}

/** Creates a store; listeners run after every state change. */
export function createDeskStore(initial: DeskState = initialDeskState): DeskStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = deskReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
