import { t } from '../i18n';
import { type ChatEntry, isEnded } from '../state/deskState';
import { Composer } from './Composer';
import { chatStatusLabel, departmentLabel } from './labels';
import { LongChatBanner } from './LongChatBanner';
import { PriorityBadge } from './PriorityBadge';
import { MessageList } from './MessageList';

/** Props of {@link Conversation}. */
export interface ConversationProps {
  entry: ChatEntry;
  agentName: string;
  onSend(text: string, internal: boolean): void;
  onClose(): void;
  /** Opens "Transférer la discussion". */
  onTransfer?(): void;
  /** Opens "Convertir en ticket". */
  onConvert?(): void;
  /** Opens the ticket page of a converted chat. */
  onOpenTicket?(ref: string): void;
  onDismiss(): void;
  onInput?(): void;
  draft?: string;
  onDraftChange?(text: string): void;
  /** A supervisor observes this chat (joined, not theirs): "Vous observez cette discussion". */
  observing?: boolean;
  /** "Prendre la main" on an observed chat. */
  onTakeOver?(): void;
}

/** The selected chat: visitor details, the log, the typing indicator and the composer. */
export function Conversation(props: ConversationProps) {
  const { entry, agentName, onSend, onClose, onDismiss, onInput, draft, onDraftChange, onTransfer, onConvert, onOpenTicket, observing, onTakeOver } = props;
  const { chat } = entry;
  const ended = isEnded(chat);
  const { ticketRef } = chat;
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
            {chat.priority && (
              <div>
                <dt>{t('tickets.col.priority')}</dt>
                <dd>
                  <PriorityBadge priority={chat.priority} />
                </dd>
              </div>
            )}
            <div>
              <dt>{t('conversation.status')}</dt>
              <dd>
                {chatStatusLabel(chat.status)}
                {ticketRef && ' · '}
                {ticketRef &&
                  (onOpenTicket ? (
                    <button type="button" class="link-button" onClick={() => onOpenTicket(ticketRef)}>
                      {t('conversation.ticket', { ref: ticketRef })}
                    </button>
                  ) : (
                    t('conversation.ticket', { ref: ticketRef })
                  ))}
              </dd>
            </div>
          </dl>
        </div>
        <div class="conversation__actions">
          {ended ? (
            <button type="button" class="button" onClick={onDismiss}>
              {t('conversation.dismiss')}
            </button>
          ) : observing ? (
            <>
              {onTakeOver && (
                <button type="button" class="button button--primary" onClick={onTakeOver}>
                  {t('observe.takeOver')}
                </button>
              )}
              <button type="button" class="button" onClick={onDismiss}>
                {t('observe.leave')}
              </button>
            </>
          ) : (
            <>
              {onTransfer && (
                <button type="button" class="button" onClick={onTransfer}>
                  {t('conversation.transfer')}
                </button>
              )}
              {onConvert && (
                <button type="button" class="button" onClick={onConvert}>
                  {t('conversation.convert')}
                </button>
              )}
              <button type="button" class="button button--danger" onClick={onClose}>
                {t('conversation.close')}
              </button>
            </>
          )}
        </div>
      </header>
      {observing && !ended && (
        <div class="banner banner--observe" role="note">
          <p>
            <strong>{t('observe.notice')}</strong> {t('observe.hint')}
          </p>
        </div>
      )}
      {chat.long && !ended && !observing && (
        <LongChatBanner minutes={chat.long.minutes} messages={chat.long.messages} onConvert={() => onConvert?.()} />
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
