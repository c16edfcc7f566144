import type { AgentView } from '@besoin/shared';
import type { ComponentChildren } from 'preact';
import type { TicketPatch } from '../../api/tickets';
import { t } from '../../i18n';
import { formatDateTime } from '../../i18n/durations';
import type { TicketDetail } from '../../state/ticketsReducer';
import { categoryLabel, departmentLabel } from '../labels';
import { PriorityBadge } from '../PriorityBadge';
import { firstResponseText, isLate } from '../slaText';
import { ReplyBox } from './ReplyBox';
import { TicketControls } from './TicketControls';
import { TicketHistory } from './TicketHistory';

/** Props of {@link TicketPage}. */
export interface TicketPageProps {
  ticketRef: string;
  /** null while loading. */
  detail: TicketDetail | null;
  team: AgentView[] | null;
  now: number;
  onBack(): void;
  onUpdate(patch: TicketPatch): void;
  onReply(text: string): Promise<boolean>;
  onDownload(): void;
}

/** One ticket: its fields, the controls, the full history and the reply box. */
export function TicketPage({ ticketRef, detail, team, now, onBack, onUpdate, onReply, onDownload }: TicketPageProps) {
  const ticket = detail?.ticket;
  return (
    <section class="ticket-page" aria-labelledby="ticket-title">
      <p>
        <button type="button" class="link-button" onClick={onBack}>
          {t('ticket.back')}
        </button>
      </p>
      <h2 id="ticket-title">{t('ticket.heading', { ref: ticketRef })}</h2>
      {!ticket || !detail ? (
        <p role="status">{t('ticket.loading')}</p>
      ) : (
        <>
          <dl class="ticket-facts">
            <Fact term={t('ticket.subject')}>{ticket.subject}</Fact>
            <Fact term={t('ticket.requester')}>
              {ticket.requester.name} &lt;{ticket.requester.email}&gt;
            </Fact>
            <Fact term={t('ticket.department')}>{departmentLabel(ticket.department)}</Fact>
            <Fact term={t('ticket.category')}>{categoryLabel(ticket.category)}</Fact>
            <Fact term={t('ticket.priority')}>
              <PriorityBadge priority={ticket.priority} />
              {ticket.urgent ? ` ${t('tickets.urgent')}` : ''}
            </Fact>
            <Fact term={t('ticket.source')}>{t(`source.${ticket.source}`)}</Fact>
            <Fact term={t('ticket.createdAt')}>{formatDateTime(ticket.createdAt)}</Fact>
            <Fact term={t('ticket.dueAt')}>{formatDateTime(ticket.firstResponseDueAt)}</Fact>
            <Fact term={t('ticket.firstResponse')}>
              <span class={isLate(ticket, now) ? 'sla sla--late' : 'sla'}>{firstResponseText(ticket, now)}</span>
              {ticket.firstRespondedAt ? ` (${formatDateTime(ticket.firstRespondedAt)})` : ''}
            </Fact>
            <Fact term={t('ticket.escalation')}>{ticket.escalationLevel}</Fact>
          </dl>
          <TicketControls ticket={ticket} team={team} onUpdate={onUpdate} />
          {ticket.chatIds.length > 0 && (
            <p>
              <button type="button" class="button button--small" onClick={onDownload}>
                {t('ticket.transcript')}
              </button>
            </p>
          )}
          <h3>{t('ticket.history')}</h3>
          <TicketHistory history={detail.history} team={team} />
          <ReplyBox key={ticket.ref} onReply={onReply} />
        </>
      )}
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
