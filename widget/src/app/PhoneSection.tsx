import { useId } from 'preact/hooks';
import { t } from '../i18n';
import { overdueTickets, type VisitorTicket } from './visitorData';

/** Props of {@link PhoneSection}; `now` (ms since the epoch) is injectable for tests. */
export interface PhoneSectionProps {
  phone: string;
  /** The first-response target in hours (4, rule 5). */
  hours: number;
  tickets: readonly VisitorTicket[];
  now?: number;
}

/** "Par téléphone" (rule 6): the number, the ticket-first rule, and the tickets that waited too long. */
export function PhoneSection({ phone, hours, tickets, now = Date.now() }: PhoneSectionProps) {
  const id = useId();
  return (
    <section class="bd-aside" aria-labelledby={id}>
      <h3 id={id} class="bd-heading">
        {t('phoneHeading')}
      </h3>
      <p>
        <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{phone}</a>
      </p>
      <p>{t('phoneRule', { hours })}</p>
      {overdueTickets(tickets, now, hours).map((ticket) => (
        <p key={ticket.ref}>{t('phoneOverdue', { ref: ticket.ref, hours, phone })}</p>
      ))}
    </section>
  );
}
