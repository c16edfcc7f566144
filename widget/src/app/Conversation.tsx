import type { ComponentChildren } from 'preact';
import type { ChatView, Message } from '@besoin/shared';
import { useId, useState } from 'preact/hooks';
import { t } from '../i18n';
import { BillingHelp } from './BillingHelp';
import { MessageList } from './MessageList';
import type { PendingMessage } from './session';

/** Props of {@link Conversation}: state in, visitor actions out. */
export interface ConversationProps {
  chat: ChatView;
  messages: readonly Message[];
  pending: readonly PendingMessage[];
  agentTyping: boolean;
  busy: boolean;
  onSend: (text: string) => void;
  onInput: () => void;
  onEnd: () => void;
  onNew: () => void;
  /** "Laisser un ticket", offered while nobody is available (`chat.offerTicket`). */
  onOfferTicket?: () => void;
  /** "Télécharger la transcription", once the chat has ended or become a ticket. */
  onDownload?: () => void;
  /** The customer area, linked in a billing chat (rule 8). */
  customerAreaUrl?: string | undefined;
  /** Shown below the actions (the help buttons: supervisor, emergency). */
  children?: ComponentChildren;
}

/** The conversation: transcript, typing indicator, composer, ticket offer and the end / new chat / transcript buttons. */
export function Conversation(props: ConversationProps) {
  const { chat, messages, pending, agentTyping, busy, onSend, onInput, onEnd, onNew, onOfferTicket, onDownload, children } = props;
  const id = useId();
  const [draft, setDraft] = useState('');
  const live = chat.status === 'queued' || chat.status === 'active';

  const submit = () => {
    if (!draft.trim()) return;
    onSend(draft);
    setDraft('');
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Enter sends, Shift+Enter is a new line; never interrupt an IME composition.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <div class="bd-conversation">
      <MessageList messages={messages} pending={pending} />
      <p class="bd-typing" aria-live="polite">
        {agentTyping && live ? t('agentTyping') : ''}
      </p>
      {chat.department === 'billing' ? <BillingHelp url={props.customerAreaUrl} boxed /> : null}
      {chat.status === 'queued' && chat.offerTicket && onOfferTicket ? (
        <div class="bd-offer">
          <p>{t('offerTicket')}</p>
          <button type="button" class="bd-primary" onClick={onOfferTicket}>
            {t('leaveTicket')}
          </button>
        </div>
      ) : null}
      {live ? (
        <form
          class="bd-composer"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label for={`${id}-composer`} class="bd-visually-hidden">
            {t('composer')}
          </label>
          <textarea
            id={`${id}-composer`}
            name="text"
            rows={2}
            maxLength={5000}
            placeholder={t('composer')}
            value={draft}
            onInput={(e) => {
              setDraft(e.currentTarget.value);
              onInput();
            }}
            onKeyDown={onKeyDown}
          />
          <button type="submit" class="bd-primary">
            {t('send')}
          </button>
        </form>
      ) : null}
      <div class="bd-actions">
        {live ? (
          <button type="button" class="bd-secondary" onClick={() => busy || onEnd()} aria-disabled={busy ? 'true' : undefined}>
            {t('end')}
          </button>
        ) : (
          <>
            {onDownload ? (
              <button type="button" class="bd-secondary" onClick={onDownload}>
                {t('transcript')}
              </button>
            ) : null}
            <button type="button" class="bd-primary" onClick={onNew}>
              {t('newChat')}
            </button>
          </>
        )}
      </div>
      {children}
    </div>
  );
}
