import type { TicketHistoryEntry, TicketView } from '@besoin/shared';
import type { TicketFilters } from '../api/tickets';

/** The ticket of the ticket page, with its history in order. */
export interface TicketDetail {
  ticket: TicketView;
  history: TicketHistoryEntry[];
}

/** The "Tickets" view: the filtered list and the open ticket. */
export interface TicketsState {
  filters: TicketFilters;
  /** Tickets of the current filters, in the server's order (live updates prepend new ones). */
  list: TicketView[];
  total: number;
  loading: boolean;
  /** Ref of the ticket page shown, or null for the list. */
  openRef: string | null;
  /** Loaded detail of `openRef` (null while loading). */
  detail: TicketDetail | null;
}

/** Before the first load. */
export const initialTicketsState: TicketsState = { filters: {}, list: [], total: 0, loading: false, openRef: null, detail: null };

/** Everything that changes the tickets slice. */
export type TicketAction =
  | { type: 'tickets:requested'; filters: TicketFilters; append: boolean }
  | { type: 'tickets:loaded'; filters: TicketFilters; tickets: TicketView[]; total: number; append: boolean }
  | { type: 'tickets:failed' }
  | { type: 'ticket:opened'; ref: string | null }
  | { type: 'ticket:detailLoaded'; detail: TicketDetail }
  | { type: 'ticket:replied'; ref: string; reply: TicketHistoryEntry }
  | { type: 'ticket:created'; ticket: TicketView }
  | { type: 'ticket:updated'; ticket: TicketView };

const TICKET_ACTIONS: ReadonlySet<string> = new Set([
  'tickets:requested', 'tickets:loaded', 'tickets:failed', 'ticket:opened', 'ticket:detailLoaded',
  'ticket:replied', 'ticket:created', 'ticket:updated',
]);

/** Whether an action belongs to the tickets slice. */
export function isTicketAction(action: { type: string }): action is TicketAction {
  return TICKET_ACTIONS.has(action.type);
}

function sameFilters(a: TicketFilters, b: TicketFilters): boolean {
  return a.status === b.status && a.priority === b.priority && a.department === b.department && (a.q ?? '') === (b.q ?? '');
}

/** Whether a live ticket belongs in the list of `filters` (text search approximated on subject and requester). */
export function matchesFilters(ticket: TicketView, filters: TicketFilters): boolean {
  if (filters.status && ticket.status !== filters.status) return false;
  if (filters.priority && ticket.priority !== filters.priority) return false;
  if (filters.department && ticket.department !== filters.department) return false;
  const q = filters.q?.trim().toLocaleLowerCase();
  if (!q) return true;
  return [ticket.ref, ticket.subject, ticket.requester.name, ticket.requester.email].some((s) => s.toLocaleLowerCase().includes(q));
}

/** The tickets slice's reducer (pure). */
export function ticketsReducer(state: TicketsState, action: TicketAction): TicketsState {
  switch (action.type) {
    case 'tickets:requested':
      return action.append ? { ...state, loading: true } : { ...state, filters: action.filters, loading: true };
    case 'tickets:loaded': {
      // An answer for filters the agent has since changed is stale.
      if (!sameFilters(action.filters, state.filters)) return state;
      if (!action.append) return { ...state, list: action.tickets, total: action.total, loading: false };
      const known = new Set(state.list.map((t) => t.ref));
      return { ...state, list: [...state.list, ...action.tickets.filter((t) => !known.has(t.ref))], total: action.total, loading: false };
    }
    case 'tickets:failed':
      return { ...state, loading: false };
    case 'ticket:opened':
      return { ...state, openRef: action.ref, detail: state.detail && state.detail.ticket.ref === action.ref ? state.detail : null };
    case 'ticket:detailLoaded':
      return action.detail.ticket.ref === state.openRef ? { ...state, detail: action.detail } : state;
    case 'ticket:replied': {
      const { detail } = state;
      if (!detail || detail.ticket.ref !== action.ref || detail.history.some((h) => h.id === action.reply.id)) return state;
      return { ...state, detail: { ...detail, history: [...detail.history, action.reply] } };
    }
    case 'ticket:created': {
      const { ticket } = action;
      if (state.list.some((t) => t.ref === ticket.ref)) return ticketsReducer(state, { type: 'ticket:updated', ticket });
      if (!matchesFilters(ticket, state.filters)) return state;
      return { ...state, list: [ticket, ...state.list], total: state.total + 1 };
    }
    case 'ticket:updated': {
      const { ticket } = action;
      const index = state.list.findIndex((t) => t.ref === ticket.ref);
      const list = index === -1 ? state.list : state.list.map((t, i) => (i === index ? ticket : t));
      const detail = state.detail?.ticket.ref === ticket.ref ? { ...state.detail, ticket } : state.detail;
      return list === state.list && detail === state.detail ? state : { ...state, list, detail };
    }
  }
}
