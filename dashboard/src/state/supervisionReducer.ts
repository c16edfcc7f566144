import type { ChatView, TicketView } from '@besoin/shared';
import type { EmergencyView } from '../api/supervision';

/** An emergency alarm not yet acknowledged ("J'ai vu") on this screen. */
export interface Alarm {
  emergencyId: string;
  ticket: TicketView;
}

/** The "Supervision" view: every active chat, the SLA board, the emergencies, and the live alarms. */
export interface SupervisionState {
  /** Every active chat (`GET /api/chats?status=active`); null until loaded. */
  activeChats: ChatView[] | null;
  /** Tickets past their first-response target, by due time. */
  breached: TicketView[] | null;
  /** Tickets whose first response is due within the hour, by due time. */
  atRisk: TicketView[] | null;
  emergencies: EmergencyView[] | null;
  /** Newest first. */
  alarms: Alarm[];
}

/** Before the first load. */
export const initialSupervisionState: SupervisionState = { activeChats: null, breached: null, atRisk: null, emergencies: null, alarms: [] };

/** Everything that changes the supervision slice. */
export type SupervisionAction =
  | { type: 'supervision:loaded'; activeChats?: ChatView[]; breached?: TicketView[]; atRisk?: TicketView[]; emergencies?: EmergencyView[] }
  | { type: 'sla:breached'; ticket: TicketView }
  | { type: 'emergency:raised'; ticket: TicketView; emergencyId: string }
  | { type: 'emergency:updated'; emergency: EmergencyView }
  | { type: 'alarm:acknowledged'; emergencyId: string };

const byDueTime = (a: TicketView, b: TicketView) => Date.parse(a.firstResponseDueAt) - Date.parse(b.firstResponseDueAt);

/** Whether a ticket no longer belongs on the SLA board (answered, or no longer open). */
function offBoard(ticket: TicketView): boolean {
  return Boolean(ticket.firstRespondedAt) || ticket.status === 'resolved' || ticket.status === 'closed';
}

function without(list: TicketView[] | null, ref: string): TicketView[] | null {
  return list && list.some((t) => t.ref === ref) ? list.filter((t) => t.ref !== ref) : list;
}

/** Replaces a ticket where it is listed (dropping it when it left the board). */
function refreshed(list: TicketView[] | null, ticket: TicketView): TicketView[] | null {
  if (!list || !list.some((t) => t.ref === ticket.ref)) return list;
  return offBoard(ticket) ? without(list, ticket.ref) : list.map((t) => (t.ref === ticket.ref ? ticket : t));
}

/** The supervision slice's reducer (pure). `ticket:updated` and `chat:updated` keep its lists current. */
export function supervisionReducer(
  state: SupervisionState,
  action: SupervisionAction | { type: 'ticket:updated'; ticket: TicketView } | { type: 'chat:updated'; chat: ChatView },
): SupervisionState {
  switch (action.type) {
    case 'supervision:loaded': {
      const { type: _type, ...lists } = action;
      return { ...state, ...lists };
    }
    case 'sla:breached': {
      const { ticket } = action;
      const breached = [...(state.breached ?? []).filter((t) => t.ref !== ticket.ref), ticket].sort(byDueTime);
      return { ...state, breached, atRisk: without(state.atRisk, ticket.ref) };
    }
    case 'ticket:updated': {
      const { ticket } = action;
      const breached = refreshed(state.breached, ticket);
      const atRisk = refreshed(state.atRisk, ticket);
      const emergencies = state.emergencies?.some((e) => e.ticketRef === ticket.ref)
        ? state.emergencies.map((e) => (e.ticketRef === ticket.ref ? { ...e, ticket } : e))
        : state.emergencies;
      if (breached === state.breached && atRisk === state.atRisk && emergencies === state.emergencies) return state;
      return { ...state, breached, atRisk, emergencies };
    }
    case 'chat:updated': {
      const { chat } = action;
      if (!state.activeChats?.some((c) => c.id === chat.id)) return state;
      const activeChats = chat.status === 'active'
        ? state.activeChats.map((c) => (c.id === chat.id ? chat : c))
        : state.activeChats.filter((c) => c.id !== chat.id);
      return { ...state, activeChats };
    }
    case 'emergency:raised':
      if (state.alarms.some((a) => a.emergencyId === action.emergencyId)) return state;
      return { ...state, alarms: [{ emergencyId: action.emergencyId, ticket: action.ticket }, ...state.alarms] };
    case 'emergency:updated': {
      const { emergency } = action;
      if (!state.emergencies) return state;
      return { ...state, emergencies: state.emergencies.map((e) => (e.id === emergency.id ? emergency : e)) };
    }
    case 'alarm:acknowledged':
      return { ...state, alarms: state.alarms.filter((a) => a.emergencyId !== action.emergencyId) };
  }
}
