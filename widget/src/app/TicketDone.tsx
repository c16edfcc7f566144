import type { TicketView } from '@besoin/shared';
import { t } from '../i18n';
import type { DepartmentStates } from './departments';
import { formatOpening, type ZoneOptions } from './hours';

/** Props of {@link TicketDone}. */
export interface TicketDoneProps extends ZoneOptions {
  ticket: TicketView;
  merged: boolean;
  departments?: DepartmentStates | null;
  onNew: () => void;
}

/** After "Envoyer le ticket": the reference, the 4-hour first-response target and a way back. */
export function TicketDone({ ticket, merged, departments, onNew, timeZone, locale }: TicketDoneProps) {
  // Billing and sales count the 4 hours in business hours (policy rule 5); technical is 24/7.
  const hours = departments?.[ticket.department]?.hours ?? (ticket.department === 'technical' ? 'always' : undefined);
  const due = formatOpening(ticket.firstResponseDueAt, { timeZone, locale });
  return (
    <div class="bd-form bd-done">
      <p class="bd-heading">{t(merged ? 'ticketDoneMerged' : 'ticketDoneCreated', { ref: ticket.ref })}</p>
      <p>{t(hours === 'always' ? 'ticketTarget' : 'ticketTargetBusiness')}</p>
      {due ? <p>{t('ticketDue', { date: due })}</p> : null}
      <p>{t('ticketPhone')}</p>
      <button type="button" class="bd-primary" onClick={onNew}>
        {t('newRequest')}
      </button>
    </div>
  );
}
