import type { AgentView } from '@besoin/shared';
import { useEffect } from 'preact/hooks';
import type { TicketActions } from '../../api/ticketActions';
import { t } from '../../i18n';
import type { TicketsState } from '../../state/ticketsReducer';
import { TicketFiltersForm } from './TicketFiltersForm';
import { TicketPage } from './TicketPage';
import { TicketTable } from './TicketTable';

/** Props of {@link TicketsView}. */
export interface TicketsViewProps {
  tickets: TicketsState;
  team: AgentView[] | null;
  now: number;
  actions: TicketActions & { loadTeam(): void };
}

/** The "Tickets" view: filters and the list, or one ticket's page. */
export function TicketsView({ tickets, team, now, actions }: TicketsViewProps) {
  const { openRef, filters } = tickets;
  // Fresh data each time the view is shown (once per visit); live events keep it current afterwards.
  useEffect(() => {
    actions.loadTickets(filters);
    actions.loadTeam();
  }, []);

  if (openRef) {
    return (
      <main class="tickets">
        <TicketPage
          ticketRef={openRef}
          detail={tickets.detail}
          team={team}
          now={now}
          onBack={() => actions.openTicket(null)}
          onUpdate={(patch) => actions.updateTicket(openRef, patch)}
          onReply={(text) => actions.replyToTicket(openRef, text)}
          onDownload={() => actions.downloadTranscript(openRef)}
        />
      </main>
    );
  }
  return (
    <main class="tickets" aria-labelledby="tickets-title">
      <h2 id="tickets-title">{t('tickets.heading')}</h2>
      <TicketFiltersForm filters={filters} onChange={actions.loadTickets} />
      <p class="tickets__count" role="status">
        {tickets.loading && tickets.list.length === 0 ? t('tickets.loading') : t('tickets.count', { shown: tickets.list.length, total: tickets.total })}
      </p>
      {tickets.list.length === 0 && !tickets.loading ? (
        <p class="tickets__empty">{t('tickets.empty')}</p>
      ) : (
        <TicketTable tickets={tickets.list} now={now} onOpen={actions.openTicket} />
      )}
      {tickets.list.length < tickets.total && (
        <button type="button" class="button" disabled={tickets.loading} onClick={actions.loadMoreTickets}>
          {t('tickets.more')}
        </button>
      )}
    </main>
  );
}
