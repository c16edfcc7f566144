import type { Message } from '@besoin/shared';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { formatTime } from './notices';
import type { PendingMessage } from './session';

/** Props of {@link MessageList}. */
export interface MessageListProps {
  messages: readonly Message[];
  pending: readonly PendingMessage[];
}

function authorOf(message: Message): string {
  return message.author.role === 'visitor' ? t('you') : message.author.name;
}

/** The transcript (role="log"). Every text is rendered as a text node, never as HTML. */
export function MessageList({ messages, pending }: MessageListProps) {
  const log = useRef<HTMLDivElement>(null);
  const count = messages.length + pending.length;
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight; // keep the newest message in view
  }, [count]);

  return (
    <div ref={log} class="bd-log" role="log" aria-label={t('messagesLabel')} tabIndex={0}>
      <ol class="bd-messages">
        {messages.map((m) => (
          <li key={`s${m.seq}`} class={`bd-msg bd-msg-${m.author.role}`} data-seq={m.seq}>
            <p class="bd-meta">
              <span class="bd-author">{authorOf(m)}</span> <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
            </p>
            <p class="bd-text">{m.text}</p>
          </li>
        ))}
        {pending.map((p) => (
          <li key={`c${p.clientMessageId}`} class={`bd-msg bd-msg-visitor bd-msg-pending${p.failed ? ' bd-msg-failed' : ''}`}>
            <p class="bd-meta">
              <span class="bd-author">{t('you')}</span> <span class="bd-state">{p.failed ? t('notSent') : t('sending')}</span>
            </p>
            <p class="bd-text">{p.text}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
