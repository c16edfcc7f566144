import type { TicketView } from '@besoin/shared';
import { t } from '../../i18n';
import { departmentLabel, ticketStatusLabel } from '../labels';
import { PriorityBadge } from '../PriorityBadge';
import { firstResponseText, isLate } from '../slaText';

/** Props of {@link TicketTable}. */
export interface TicketTableProps {
  tickets: TicketView[];
  /** The current time (ms), injected so that "reste 2 h 13" is testable and refreshed by the caller. */
  now: number;
  onOpen(ref: string): void;
}

/** The ticket list: one row per ticket, the reference opens its page. */
export function TicketTable({ tickets, now, onOpen }: TicketTableProps) {
  return (
    <table class="ticket-table">
      <caption class="visually-hidden">{t('tickets.heading')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('tickets.col.ref')}</th>
          <th scope="col">{t('tickets.col.subject')}</th>
          <th scope="col">{t('tickets.col.requester')}</th>
          <th scope="col">{t('tickets.col.department')}</th>
          <th scope="col">{t('tickets.col.priority')}</th>
          <th scope="col">{t('tickets.col.status')}</th>
          <th scope="col">{t('tickets.col.firstResponse')}</th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((ticket) => (
          <tr key={ticket.ref}>
            <th scope="row">
              <button type="button" class="link-button" onClick={() => onOpen(ticket.ref)}>
                {ticket.ref}
              </button>
            </th>
            <td>{ticket.subject}</td>
            <td>
              {ticket.requester.name}
              <span class="ticket-table__email">{ticket.requester.email}</span>
            </td>
            <td>{departmentLabel(ticket.department)}</td>
            <td>
              <PriorityBadge priority={ticket.priority} />
              {ticket.urgent && <span class="ticket-table__urgent"> {t('tickets.urgent')}</span>}
            </td>
            <td>{ticketStatusLabel(ticket.status)}</td>
            <td class={isLate(ticket, now) ? 'sla sla--late' : 'sla'}>{firstResponseText(ticket, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
