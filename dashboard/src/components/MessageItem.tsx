import type { Message } from '@besoin/shared';
import { formatTime, t } from '../i18n';

/** One message of a log (conversation or ticket transcript); text is rendered as text, never HTML. */
export function MessageItem({ message: m }: { message: Message }) {
  const classes = ['message', `message--${m.author.role}`, m.internal && 'message--internal'].filter(Boolean).join(' ');
  if (m.author.role === 'system') {
    return (
      <li class={classes} data-seq={m.seq}>
        <p class="message__text">
          {m.text} <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
        </p>
      </li>
    );
  }
  return (
    <li class={classes} data-seq={m.seq}>
      <p class="message__meta">
        {m.internal && <span class="message__label">{t('message.internal')}</span>}{' '}
        <span class="message__author">{m.author.name}</span> <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
      </p>
      <p class="message__text">{m.text}</p>
    </li>
  );
}
