import type { Beeper } from '../alarm/beeper';
import { t } from '../i18n';
import { useNow } from '../hooks/useNow';
import type { DeskActions } from '../socket/agentController';
import { type DeskState, type DeskView, canSupervise } from '../state/deskState';
import { AgentHeader } from './AgentHeader';
import { AlarmCenter } from './AlarmCenter';
import { ChatsView } from './ChatsView';
import { lazyView } from './lazyView';
import { TicketsView } from './tickets/TicketsView';
import { ViewNav, viewsFor } from './ViewNav';

// Only supervisors and admins open these: their code is a separate chunk.
const SupervisionPage = lazyView(() => import('./supervision/SupervisionPage').then((m) => m.SupervisionPage));
const TeamPage = lazyView(() => import('./team/TeamPage').then((m) => m.TeamPage));

/** Props of {@link DeskLayout}. */
export interface DeskLayoutProps {
  state: DeskState;
  actions: DeskActions;
  onLogout(): void;
  /** "Se déconnecter partout" (after confirmation); resolves true once done. */
  onLogoutAll(): Promise<boolean>;
  /** Plays the emergency alarm (silent when absent). */
  beeper?: Beeper;
}

// Waiting times and the time left to first response are shown to the minute.
const CLOCK_MS = 30_000;
const silent: Beeper = { beep: () => undefined };

/** The whole desk, drawn from the state; every change goes out through `actions`. */
export function DeskLayout({ state, actions, onLogout, onLogoutAll, beeper = silent }: DeskLayoutProps) {
  const now = useNow(CLOCK_MS);
  const views = viewsFor(state.agent?.role);
  // A view the role does not have (e.g. after a role change) falls back to the chats.
  const view: DeskView = views.includes(state.view) ? state.view : 'chats';
  const supervisor = canSupervise(state.agent);
  const openTicket = (ref: string) => {
    actions.navigate('tickets');
    actions.openTicket(ref);
  };
  return (
    <div class="desk">
      <AgentHeader
        agent={state.agent}
        queues={state.queues}
        connection={state.connection}
        onStatusChange={actions.setStatus}
        onLogout={onLogout}
        onLogoutAll={onLogoutAll}
        {...(supervisor ? { alarmSound: { on: state.alarmSound, onChange: actions.setAlarmSound } } : {})}
      />
      <ViewNav view={view} views={views} onNavigate={actions.navigate} />
      {supervisor && (
        <AlarmCenter
          alarms={state.supervision.alarms}
          soundOn={state.alarmSound}
          beeper={beeper}
          onView={openTicket}
          onAcknowledge={actions.acknowledgeAlarm}
        />
      )}
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
      {view === 'tickets' ? (
        <TicketsView tickets={state.tickets} team={state.team} now={now} actions={actions} />
      ) : view === 'supervision' ? (
        <SupervisionPage state={state} now={now} actions={actions} />
      ) : view === 'team' ? (
        <TeamPage agents={state.team} selfId={state.agent?.id} actions={actions} />
      ) : (
        <ChatsView state={state} actions={actions} now={now} />
      )}
    </div>
  );
}
