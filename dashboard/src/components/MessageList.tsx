import type { Message } from '@besoin/shared';
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { mergeMessages } from '../state/deskReducer';
import type { PendingMessage } from '../state/deskState';
import { MessageItem } from './MessageItem';

/** Props of {@link MessageList}. */
export interface MessageListProps {
  messages: Message[];
  pending: PendingMessage[];
  /** Shown as the author of pending messages. */
  agentName: string;
}

const STICK_TO_BOTTOM_PX = 48;

/** The conversation log. Text is always rendered as text nodes, never as HTML. */
export function MessageList({ messages: given, pending, agentName }: MessageListProps) {
  // The store already keeps them ordered and unique; the view does not rely on it.
  const messages = useMemo(() => mergeMessages([], given), [given]);
  const logRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  // Follow new messages only when the agent is already at the bottom (not reading history).
  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && atBottom.current) log.scrollTop = log.scrollHeight;
  }, [messages.length, pending.length]);

  const onScroll = () => {
    const log = logRef.current;
    if (log) atBottom.current = log.scrollHeight - log.scrollTop - log.clientHeight < STICK_TO_BOTTOM_PX;
  };

  return (
    <div class="messages" role="log" aria-label={t('conversation.messages')} ref={logRef} onScroll={onScroll}>
      <ol class="messages__list">
        {messages.map((m) => (
          <MessageItem key={m.seq} message={m} />
        ))}
        {pending.map((p) => (
          <li
            key={p.clientMessageId}
            class={`message message--agent message--pending${p.internal ? ' message--internal' : ''}${p.failed ? ' message--failed' : ''}`}
          >
            <p class="message__meta">
              {p.internal && <span class="message__label">{t('message.internal')}</span>}{' '}
              <span class="message__author">{agentName}</span>{' '}
              <span class="message__state">{p.failed ? t('message.failed') : t('message.sending')}</span>
            </p>
            <p class="message__text">{p.text}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
