import type { TicketView } from '@besoin/shared';
import { t } from '../../i18n';
import { PriorityBadge } from '../PriorityBadge';
import { firstResponseText, overdueText } from '../slaText';

/** Props of {@link SlaBoard}. */
export interface SlaBoardProps {
  breached: TicketView[] | null;
  atRisk: TicketView[] | null;
  /** The current time (ms), injected so that the durations are testable. */
  now: number;
  onOpen(ref: string): void;
}

function SlaList(props: { id: string; title: string; empty: string; tickets: TicketView[] | null; time(ticket: TicketView): string; late: boolean; onOpen(ref: string): void }) {
  const { id, title, empty, tickets, time, late, onOpen } = props;
  return (
    <section class={late ? 'sla-list sla-list--late' : 'sla-list'} aria-labelledby={id}>
      <h4 id={id} class="sla-list__title">
        {title} <span class="sla-list__count">({tickets?.length ?? 0})</span>
      </h4>
      {tickets === null ? (
        <p class="sup-panel__empty">{t('supervision.loading')}</p>
      ) : tickets.length === 0 ? (
        <p class="sup-panel__empty">{empty}</p>
      ) : (
        <ul>
          {tickets.map((ticket) => (
            <li key={ticket.ref} class="sla-row">
              <button type="button" class="link-button sla-row__ref" onClick={() => onOpen(ticket.ref)}>
                {ticket.ref}
              </button>
              <span class="sla-row__subject">{ticket.subject}</span>
              <PriorityBadge priority={ticket.priority} />
              <span class={late ? 'sla sla--late' : 'sla'}>{time(ticket)}</span>
              <span class="sla-row__level">{t('sla.level', { level: ticket.escalationLevel })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The SLA board: "En retard" (time overdue) and "À risque" (time left), each with the escalation level. */
export function SlaBoard({ breached, atRisk, now, onOpen }: SlaBoardProps) {
  return (
    <section class="sup-panel sla-board" aria-labelledby="sla-board-title">
      <h3 id="sla-board-title" class="sup-panel__title">
        {t('sla.heading')}
      </h3>
      <SlaList
        id="sla-breached-title"
        title={t('sla.breached')}
        empty={t('sla.emptyBreached')}
        tickets={breached}
        time={(ticket) => overdueText(ticket, now)}
        late
        onOpen={onOpen}
      />
      <SlaList
        id="sla-at-risk-title"
        title={t('sla.atRisk')}
        empty={t('sla.emptyAtRisk')}
        tickets={atRisk}
        time={(ticket) => firstResponseText(ticket, now)}
        late={false}
        onOpen={onOpen}
      />
    </section>
  );
}
