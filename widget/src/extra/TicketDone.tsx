import type { ComponentChildren } from 'preact';
import type { TicketView } from '@besoin/shared';
import { te } from '../i18n/extra';
import type { DepartmentStates } from '../app/departments';
import { formatOpening, type ZoneOptions } from '../app/hours';

/** Props of {@link TicketDone}. */
export interface TicketDoneProps extends ZoneOptions {
  ticket: TicketView;
  merged: boolean;
  departments?: DepartmentStates | null;
  onNew: () => void;
  /** What the app adds below: "Par téléphone", the customer area link, the help buttons. */
  children?: ComponentChildren;
}

/** After "Envoyer le ticket": the reference, the 4-hour first-response target and a way back. */
export function TicketDone({ ticket, merged, departments, onNew, timeZone, locale, children }: TicketDoneProps) {
  // Billing and sales count the 4 hours in business hours (policy rule 5); technical is 24/7.
  const hours = departments?.[ticket.department]?.hours ?? (ticket.department === 'technical' ? 'always' : undefined);
  const due = formatOpening(ticket.firstResponseDueAt, { timeZone, locale });
  return (
    <div class="bd-form bd-done">
      <p class="bd-heading">{te(merged ? 'ticketDoneMerged' : 'ticketDoneCreated', { ref: ticket.ref })}</p>
      <p>{te(hours === 'always' ? 'ticketTarget' : 'ticketTargetBusiness')}</p>
      {due ? <p>{te('ticketDue', { date: due })}</p> : null}
      <button type="button" class="bd-primary" onClick={onNew}>
        {te('newRequest')}
      </button>
      {children}
    </div>
  );
}
