import type { ComponentChildren } from 'preact';
import type { ChatView, TicketView } from '@besoin/shared';
import type { Identity } from '../types';
import type { DepartmentStates } from '../app/departments';
import type { Session } from '../app/session';
import { outageTickets, type VisitorTicket } from '../app/visitorData';
import { EmergencyForm } from './EmergencyForm';
import { SupervisorForm } from './SupervisorForm';
import { TicketDone } from './TicketDone';

/** Props of {@link Screen}: what the panel knows, and how it wants to hear back. */
export interface ScreenProps {
  kind: 'supervisor' | 'emergency' | 'ticket';
  session: Session;
  chat: ChatView | null;
  /** The ticket sent with the ticket form (the `ticket` screen). */
  sent: { ticket: TicketView; merged: boolean } | null;
  identity: Identity;
  /** The visitor's own tickets (GET /api/visitor/tickets). */
  tickets: readonly VisitorTicket[];
  departments: DepartmentStates;
  /** Shown below the sent ticket: customer area, help buttons, "Par téléphone". */
  children?: ComponentChildren;
  onBack: () => void;
  onNew: () => void;
  /** Writes a confirmation in the status region. */
  onNotice: (text: string) => void;
  /** A ticket created here (the complaint), added to the visitor's list. */
  onTicket: (ticket: TicketView) => void;
}

/** Wires a screen of widget-extra.js to the session, as the panel does for the others. */
export function Screen(props: ScreenProps) {
  const { kind, session, chat, sent, identity, onBack, onNotice } = props;
  if (kind === 'supervisor') {
    const live = chat?.status === 'queued' || chat?.status === 'active';
    return (
      <SupervisorForm
        chatId={live ? chat.id : undefined}
        identity={{ name: identity.name || chat?.visitor.name, email: identity.email || chat?.visitor.email }}
        send={(payload) => session.command('supervisor:request', payload)}
        onDone={(text, ticket) => {
          onNotice(text);
          props.onTicket(ticket);
        }}
        onBack={onBack}
      />
    );
  }
  if (kind === 'emergency') {
    return (
      <EmergencyForm
        tickets={outageTickets(props.tickets)}
        send={(payload) => session.command('emergency:raise', payload)}
        onDone={onNotice}
        onBack={onBack}
      />
    );
  }
  return sent ? (
    <TicketDone ticket={sent.ticket} merged={sent.merged} departments={props.departments} onNew={props.onNew}>
      {props.children}
    </TicketDone>
  ) : null;
}
