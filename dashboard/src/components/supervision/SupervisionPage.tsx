import { DEPARTMENTS } from '@besoin/shared';
import { useEffect } from 'preact/hooks';
import { usePending } from '../../hooks/usePending';
import { t } from '../../i18n';
import type { DeskActions } from '../../socket/agentController';
import type { DeskState } from '../../state/deskState';
import { QueuePanel } from '../QueuePanel';
import { ActiveChatList } from './ActiveChatList';
import { AgentLoadList } from './AgentLoadList';
import { EmergencyList } from './EmergencyList';
import { SlaBoard } from './SlaBoard';

/** What the supervision view asks of the desk. */
export type SupervisionPageActions = Pick<
  DeskActions,
  'pick' | 'join' | 'takeOver' | 'select' | 'navigate' | 'openTicket' | 'markAbuse' | 'refreshSupervision'
>;

/** Props of {@link SupervisionPage}. */
export interface SupervisionPageProps {
  state: DeskState;
  now: number;
  actions: SupervisionPageActions;
}

/** "Supervision": every queue, every agent's load, every active chat, the SLA board and the emergencies. */
export function SupervisionPage({ state, now, actions }: SupervisionPageProps) {
  const [picking, runPick] = usePending();
  const [chatBusy, runChat] = usePending();
  const [abuseBusy, runAbuse] = usePending();
  const { supervision } = state;
  // Loaded again each time the view is shown (the desk also refreshes it while it stays shown).
  useEffect(() => actions.refreshSupervision(), []);

  const openTicket = (ref: string) => {
    actions.navigate('tickets');
    actions.openTicket(ref);
  };
  const openChat = (chatId: string) => {
    actions.select(chatId);
    actions.navigate('chats');
  };

  return (
    <main class="supervision" aria-labelledby="supervision-title">
      <h2 id="supervision-title">{t('supervision.heading')}</h2>
      <div class="supervision__grid">
        <div class="supervision__column">
          <div class="sup-panel sup-panel--queues">
            <QueuePanel
              departments={[...DEPARTMENTS]}
              queues={state.queues}
              queueChats={state.queueChats}
              queuesAt={state.queuesAt}
              now={now}
              picking={picking}
              onPick={(chatId) => runPick(chatId, actions.pick(chatId))}
            />
          </div>
          <AgentLoadList agents={state.team} />
        </div>
        <div class="supervision__column">
          <ActiveChatList
            chats={supervision.activeChats}
            now={now}
            selfId={state.agent?.id}
            known={new Set(state.order)}
            busy={chatBusy}
            onJoin={(chatId) => runChat(chatId, actions.join(chatId))}
            onOpen={openChat}
            onTakeOver={(chatId) => runChat(chatId, actions.takeOver(chatId))}
          />
          <SlaBoard breached={supervision.breached} atRisk={supervision.atRisk} now={now} onOpen={openTicket} />
          <EmergencyList
            emergencies={supervision.emergencies}
            busy={abuseBusy}
            onOpen={openTicket}
            onMarkAbuse={(id) => runAbuse(id, actions.markAbuse(id))}
          />
        </div>
      </div>
    </main>
  );
}
