import { t } from '../i18n';
import { type ChatEntry, isEnded } from '../state/deskState';
import { Composer } from './Composer';
import { chatStatusLabel, departmentLabel } from './labels';
import { MessageList } from './MessageList';

/** Props of {@link Conversation}. */
export interface ConversationProps {
  entry: ChatEntry;
  agentName: string;
  onSend(text: string): void;
  onClose(): void;
  onDismiss(): void;
  onInput?(): void;
  draft?: string;
  onDraftChange?(text: string): void;
}

/** The selected chat: visitor details, the log, the typing indicator and the composer. */
export function Conversation({ entry, agentName, onSend, onClose, onDismiss, onInput, draft, onDraftChange }: ConversationProps) {
  const { chat } = entry;
  const ended = isEnded(chat);
  return (
    <section class={`conversation${ended ? ' conversation--ended' : ''}`} aria-labelledby="conversation-title">
      <header class="conversation__header">
        <div class="conversation__who">
          <h2 id="conversation-title">{chat.visitor.name}</h2>
          <dl class="conversation__facts">
            <div>
              <dt>{t('conversation.email')}</dt>
              <dd>{chat.visitor.email}</dd>
            </div>
            <div>
              <dt>{t('conversation.department')}</dt>
              <dd>{departmentLabel(chat.department)}</dd>
            </div>
            <div>
              <dt>{t('conversation.subject')}</dt>
              <dd>{chat.subject}</dd>
            </div>
            <div>
              <dt>{t('conversation.status')}</dt>
              <dd>
                {chatStatusLabel(chat.status)}
                {chat.ticketRef ? ` · ${t('conversation.ticket', { ref: chat.ticketRef })}` : ''}
              </dd>
            </div>
          </dl>
        </div>
        <div class="conversation__actions">
          {ended ? (
            <button type="button" class="button" onClick={onDismiss}>
              {t('conversation.dismiss')}
            </button>
          ) : (
            <button type="button" class="button button--danger" onClick={onClose}>
              {t('conversation.close')}
            </button>
          )}
        </div>
      </header>
      {chat.long && !ended && (
        <p class="conversation__notice">
          {t('conversation.long', { minutes: Math.round(chat.long.minutes), messages: chat.long.messages })}
        </p>
      )}
      <MessageList messages={entry.messages} pending={entry.pending} agentName={agentName} />
      <p class="conversation__typing" role="status">
        {entry.visitorTyping && !ended ? t('conversation.typing') : ''}
      </p>
      {ended ? (
        <p class="conversation__ended">{t('conversation.ended')}</p>
      ) : (
        <Composer onSend={onSend} onInput={onInput} draft={draft} onDraftChange={onDraftChange} />
      )}
    </section>
  );
}
