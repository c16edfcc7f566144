import type { ChatView, Department, QueueSummary } from '@besoin/shared';
import { t } from '../i18n';
import { formatDuration } from '../i18n/durations';
import { chatName, departmentLabel, domId } from './labels';
import { PriorityBadge } from './PriorityBadge';

/** Props of {@link QueuePanel}. */
export interface QueuePanelProps {
  /** Departments shown, in order (the agent's, or all three for supervisors). */
  departments: Department[];
  queues: Partial<Record<Department, QueueSummary>>;
  queueChats: Partial<Record<Department, ChatView[]>>;
  /** When the counters were received, and the current time (ms): ages grow between refreshes. */
  queuesAt: number;
  now: number;
  /** Chats being picked right now (their button is disabled). */
  picking?: ReadonlySet<string>;
  onPick(chatId: string): void;
}

/** Waiting chats per department, each with a "Prendre" button. */
export function QueuePanel({ departments, queues, queueChats, queuesAt, now, picking, onPick }: QueuePanelProps) {
  const elapsed = queuesAt > 0 ? Math.max(0, (now - queuesAt) / 1000) : 0;
  return (
    <section class="queues" aria-labelledby="queues-title">
      <h2 id="queues-title" class="panel-title">
        {t('queues.label')}
      </h2>
      {departments.map((department) => {
        const summary = queues[department];
        const chats = queueChats[department] ?? [];
        const waiting = summary?.waiting ?? chats.length;
        const headingId = domId('queue', department);
        return (
          <section key={department} class="queue-group" aria-labelledby={headingId}>
            <h3 id={headingId} class="queue-group__title">
              <span>{departmentLabel(department)}</span>{' '}
              <span class={waiting > 0 ? 'queue-group__count queue-group__count--waiting' : 'queue-group__count'}>
                {t('queues.waiting', { count: waiting })}
              </span>
            </h3>
            {waiting > 0 && summary && (
              <p class="queue-group__oldest">{t('queues.oldest', { duration: formatDuration(summary.oldestWaitSeconds + elapsed) })}</p>
            )}
            {chats.length === 0 ? (
              waiting === 0 && <p class="queue-group__empty">{t('queues.empty')}</p>
            ) : (
              <ul class="queue-group__chats">
                {chats.map((chat) => {
                  const nameId = domId('queued', chat.id);
                  const waited = (now - Date.parse(chat.createdAt)) / 1000;
                  return (
                    <li key={chat.id} class="queued-chat">
                      <p id={nameId} class="queued-chat__name">
                        {chatName(chat.visitor.name, chat.subject)}
                      </p>
                      <p class="queued-chat__meta">
                        {chat.priority && <PriorityBadge priority={chat.priority} />}{' '}
                        {Number.isFinite(waited) && <span>{t('queues.waitedFor', { duration: formatDuration(waited) })}</span>}
                      </p>
                      <button
                        type="button"
                        class="button button--small button--primary"
                        aria-describedby={nameId}
                        disabled={picking?.has(chat.id)}
                        onClick={() => onPick(chat.id)}
                      >
                        {t('queues.pick')}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
    </section>
  );
}
