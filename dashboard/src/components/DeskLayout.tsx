import { useRef } from 'preact/hooks';
import { t } from '../i18n';
import type { DeskActions } from '../socket/agentController';
import type { DeskState } from '../state/deskState';
import { AgentHeader } from './AgentHeader';
import { ChatList } from './ChatList';
import { Conversation } from './Conversation';

/** Props of {@link DeskLayout}. */
export interface DeskLayoutProps {
  state: DeskState;
  actions: DeskActions;
  onLogout(): void;
}

/** The whole desk, drawn from the state; every change goes out through `actions`. */
export function DeskLayout({ state, actions, onLogout }: DeskLayoutProps) {
  // Drafts survive switching between chats; they need no re-render, so a ref is enough.
  const drafts = useRef(new Map<string, string>());
  const entries = state.order.flatMap((id) => state.chats[id] ?? []);
  const selected = state.selectedChatId ? state.chats[state.selectedChatId] : undefined;

  return (
    <div class="desk">
      <AgentHeader
        agent={state.agent}
        queues={state.queues}
        connection={state.connection}
        onStatusChange={actions.setStatus}
        onLogout={onLogout}
      />
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
      <div class="visually-hidden" role="status" aria-live="polite">
        {state.announcement}
      </div>
      <div class="desk__body">
        <ChatList entries={entries} selectedChatId={state.selectedChatId ?? null} onSelect={actions.select} />
        <main class="desk__main">
          {selected ? (
            <Conversation
              key={selected.chat.id}
              entry={selected}
              agentName={state.agent?.name ?? ''}
              onSend={(text) => actions.send(selected.chat.id, text)}
              onClose={() => actions.close(selected.chat.id)}
              onDismiss={() => {
                drafts.current.delete(selected.chat.id);
                actions.dismiss(selected.chat.id);
              }}
              onInput={() => actions.inputActivity(selected.chat.id)}
              draft={drafts.current.get(selected.chat.id) ?? ''}
              onDraftChange={(text) => drafts.current.set(selected.chat.id, text)}
            />
          ) : (
            <p class="desk__placeholder">{t('conversation.none')}</p>
          )}
        </main>
      </div>
    </div>
  );
}
