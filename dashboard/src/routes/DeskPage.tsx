import { useEffect, useMemo, useState } from 'preact/hooks';
import { createBeeper } from '../alarm/beeper';
import { t } from '../i18n';
import { DeskLayout } from '../components/DeskLayout';
import { type AgentController, createAgentController } from '../socket/agentController';
import { type DeskState, unreadCount } from '../state/deskState';

/** Props of {@link DeskPage}. */
export interface DeskPageProps {
  /** The session is over (the server refused or closed it). */
  onUnauthorized(): void;
  onLogout(): void;
  /** "Se déconnecter partout"; resolves true once every session is revoked. */
  onLogoutAll(): Promise<boolean>;
  /** For tests: the fetch used by the REST calls. */
  fetchImpl?: typeof fetch;
}

/** The logged-in desk: owns the socket controller for its lifetime. */
export function DeskPage({ onUnauthorized, onLogout, onLogoutAll, fetchImpl }: DeskPageProps) {
  const [controller, setController] = useState<AgentController | null>(null);
  const [state, setState] = useState<DeskState | null>(null);
  const beeper = useMemo(() => createBeeper(), []);

  useEffect(() => {
    const created = createAgentController({ onUnauthorized, ...(fetchImpl ? { fetchImpl } : {}) });
    setController(created);
    setState(created.store.getState());
    const unsubscribe = created.store.subscribe(() => setState(created.store.getState()));
    return () => {
      unsubscribe();
      created.stop();
    };
  }, [onUnauthorized, fetchImpl]);

  // The tab title shows the total of unread visitor messages.
  const unread = state ? state.order.reduce((sum, id) => sum + (state.chats[id] ? unreadCount(state.chats[id]) : 0), 0) : 0;
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${t('app.title')}` : t('app.title');
  }, [unread]);

  if (!controller || !state) return null;
  return (
    <DeskLayout
      state={state}
      actions={controller}
      beeper={beeper}
      onLogout={() => {
        controller.stop();
        onLogout();
      }}
      onLogoutAll={async () => {
        const done = await onLogoutAll();
        if (done) controller.stop();
        return done;
      }}
    />
  );
}
