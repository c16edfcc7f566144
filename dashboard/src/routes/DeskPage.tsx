import { useEffect, useMemo, useState } from 'preact/hooks';
import { createBeeper } from '../alarm/beeper';
import { t } from '../i18n';
import { DeskLayout } from '../components/DeskLayout';
import { type AgentController, createAgentController } from '../socket/agentController';
import { type DeskState, unreadCount } from '../state/deskState';

/** Props of {@link DeskPage}. */
export interface DeskPageProps {
  token: string;
  onUnauthorized(): void;
  onLogout(): void;
}

/** The logged-in desk: owns the socket controller for its lifetime. */
export function DeskPage({ token, onUnauthorized, onLogout }: DeskPageProps) {
  const [controller, setController] = useState<AgentController | null>(null);
  const [state, setState] = useState<DeskState | null>(null);
  const beeper = useMemo(() => createBeeper(), []);

  useEffect(() => {
    const created = createAgentController({ token, onUnauthorized });
    setController(created);
    setState(created.store.getState());
    const unsubscribe = created.store.subscribe(() => setState(created.store.getState()));
    return () => {
      unsubscribe();
      created.stop();
    };
  }, [token, onUnauthorized]);

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
    />
  );
}
