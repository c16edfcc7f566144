import { t } from '../i18n';
import { useNow } from '../hooks/useNow';
import type { DeskActions } from '../socket/agentController';
import type { DeskState } from '../state/deskState';
import { AgentHeader } from './AgentHeader';
import { ChatsView } from './ChatsView';
import { TicketsView } from './tickets/TicketsView';
import { ViewNav } from './ViewNav';

/** Props of {@link DeskLayout}. */
export interface DeskLayoutProps {
  state: DeskState;
  actions: DeskActions;
  onLogout(): void;
}

// Waiting times and the time left to first response are shown to the minute.
const CLOCK_MS = 30_000;

/** The whole desk, drawn from the state; every change goes out through `actions`. */
export function DeskLayout({ state, actions, onLogout }: DeskLayoutProps) {
  const now = useNow(CLOCK_MS);
  return (
    <div class="desk">
      <AgentHeader
        agent={state.agent}
        queues={state.queues}
        connection={state.connection}
        onStatusChange={actions.setStatus}
        onLogout={onLogout}
      />
      <ViewNav view={state.view} onNavigate={actions.navigate} />
      <div class="desk__alert" role="alert">
        {state.error && (
          <>
            <span>{state.error}</span>{' '}
            <button type="button" class="button button--small" onClick={actions.dismissError}>
              {t('error.dismiss')}
            </button>
          </>
        )}
      </div>
      <div class="desk__notice" role="status">
        {state.notice && (
          <>
            <span>{state.notice}</span>{' '}
            <button type="button" class="button button--small" onClick={actions.dismissNotice}>
              {t('notice.dismiss')}
            </button>
          </>
        )}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">
        {state.announcement}
      </div>
      {state.view === 'tickets' ? (
        <TicketsView tickets={state.tickets} team={state.team} now={now} actions={actions} />
      ) : (
        <ChatsView state={state} actions={actions} now={now} />
      )}
    </div>
  );
}
