import { DEPARTMENTS } from '@besoin/shared';
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import type { DeskActions } from '../socket/agentController';
import type { DeskState } from '../state/deskState';
import { ChatList } from './ChatList';
import { Conversation } from './Conversation';
import { ConvertDialog } from './ConvertDialog';
import { QueuePanel } from './QueuePanel';
import { TransferDialog } from './TransferDialog';

/** Props of {@link ChatsView}. */
export interface ChatsViewProps {
  state: DeskState;
  actions: DeskActions;
  now: number;
}

type OpenDialog = { kind: 'transfer' | 'convert'; chatId: string } | null;

/** The "Discussions" view: queues and the agent's chats on the side, the open conversation, its dialogs. */
export function ChatsView({ state, actions, now }: ChatsViewProps) {
  // Drafts survive switching between chats; they need no re-render, so a ref is enough.
  const drafts = useRef(new Map<string, string>());
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState<ReadonlySet<string>>(new Set());

  const entries = state.order.flatMap((id) => state.chats[id] ?? []);
  const selected = state.selectedChatId ? state.chats[state.selectedChatId] : undefined;
  const dialogChat = dialog ? state.chats[dialog.chatId]?.chat : undefined;
  const departments = DEPARTMENTS.filter((d) => state.queues[d] || state.queueChats[d] || state.agent?.departments.includes(d));

  const pick = (chatId: string) => {
    setPicking((s) => new Set(s).add(chatId));
    void actions.pick(chatId).finally(() =>
      setPicking((s) => {
        const next = new Set(s);
        next.delete(chatId);
        return next;
      }),
    );
  };
  const run = (command: Promise<boolean>) => {
    setBusy(true);
    void command.then((ok) => {
      setBusy(false);
      if (ok) setDialog(null);
    });
  };

  return (
    <div class="desk__body">
      <div class="desk__side">
        <QueuePanel
          departments={departments}
          queues={state.queues}
          queueChats={state.queueChats}
          queuesAt={state.queuesAt}
          now={now}
          picking={picking}
          onPick={pick}
        />
        <ChatList entries={entries} selectedChatId={state.selectedChatId ?? null} onSelect={actions.select} />
      </div>
      <main class="desk__main">
        {selected ? (
          <Conversation
            key={selected.chat.id}
            entry={selected}
            agentName={state.agent?.name ?? ''}
            onSend={(text, internal) => actions.send(selected.chat.id, text, internal)}
            onClose={() => actions.close(selected.chat.id)}
            onTransfer={() => {
              actions.loadTeam();
              setDialog({ kind: 'transfer', chatId: selected.chat.id });
            }}
            onConvert={() => setDialog({ kind: 'convert', chatId: selected.chat.id })}
            onOpenTicket={(ref) => {
              actions.navigate('tickets');
              actions.openTicket(ref);
            }}
            onDismiss={() => {
              drafts.current.delete(selected.chat.id);
              actions.dismiss(selected.chat.id);
            }}
            onInput={() => actions.inputActivity(selected.chat.id)}
            draft={drafts.current.get(selected.chat.id) ?? ''}
            onDraftChange={(text) => drafts.current.set(selected.chat.id, text)}
            observing={selected.observing}
            onTakeOver={() => void actions.takeOver(selected.chat.id)}
          />
        ) : (
          <p class="desk__placeholder">{t('conversation.none')}</p>
        )}
      </main>
      {dialog?.kind === 'transfer' && dialogChat && (
        <TransferDialog
          chat={dialogChat}
          agents={state.team}
          selfId={state.agent?.id}
          busy={busy}
          onTransfer={(target) => run(actions.transfer(dialogChat.id, target))}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'convert' && dialogChat && (
        <ConvertDialog
          chat={dialogChat}
          busy={busy}
          onConvert={(fields) => run(actions.convert(dialogChat.id, fields))}
          onCancel={() => setDialog(null)}
        />
      )}
    </div>
  );
}
