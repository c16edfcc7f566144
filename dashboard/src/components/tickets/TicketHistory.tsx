import { type AgentView, type TicketHistoryEntry, PRIORITIES, TICKET_STATUSES } from '@besoin/shared';
import { t } from '../../i18n';
import { formatDateTime } from '../../i18n/durations';
import { priorityLabel, ticketStatusLabel } from '../labels';
import { MessageItem } from '../MessageItem';

/** Props of {@link TicketHistory}. */
export interface TicketHistoryProps {
  history: TicketHistoryEntry[];
  /** To name assignees (their ids are in the data). */
  team: AgentView[] | null;
}

const asString = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** A French rendering of a change value (status, priority, agent id); unknown values as given. */
function valueText(kind: TicketHistoryEntry['kind'], value: unknown, team: AgentView[] | null): string {
  const v = asString(value);
  if (kind === 'status' && (TICKET_STATUSES as readonly string[]).includes(v)) return ticketStatusLabel(v as (typeof TICKET_STATUSES)[number]);
  if (kind === 'priority' && (PRIORITIES as readonly string[]).includes(v)) return priorityLabel(v as (typeof PRIORITIES)[number]);
  if (kind === 'assignee') return v ? (team?.find((a) => a.id === v)?.name ?? v) : t('ticket.unassigned');
  return v || '—';
}

/** The one-line description of a change entry, from its data (the server's text when it gives one). */
function changeText(entry: TicketHistoryEntry, team: AgentView[] | null): string {
  const data = entry.data ?? {};
  if (entry.kind === 'escalation' && data.level !== undefined) {
    const priority = asString(data.priority);
    return t('history.escalationText', {
      level: asString(data.level),
      priority: (PRIORITIES as readonly string[]).includes(priority) ? priorityLabel(priority as (typeof PRIORITIES)[number]) : priority,
      dueAt: typeof data.dueAt === 'string' ? formatDateTime(data.dueAt) : '—',
    });
  }
  if ((entry.kind === 'status' || entry.kind === 'priority' || entry.kind === 'assignee') && ('from' in data || 'to' in data)) {
    return t(`history.${entry.kind}`, { from: valueText(entry.kind, data.from, team), to: valueText(entry.kind, data.to, team) });
  }
  return entry.text ?? '';
}

/** A ticket's history in order: the request, each chat transcript with all its messages, replies and changes. */
export function TicketHistory({ history, team }: TicketHistoryProps) {
  return (
    <ol class="history">
      {history.map((entry) => (
        <li key={entry.id} class={`history__entry history__entry--${entry.kind}`}>
          <p class="history__meta">
            <span class="history__kind">{t(`historyKind.${entry.kind}`)}</span>{' '}
            {entry.author && <span class="history__author">{t('history.by', { name: entry.author.name })}</span>}{' '}
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
          </p>
          {entry.kind === 'transcript' ? (
            <ol class="messages__list history__transcript">
              {(entry.messages ?? []).map((m) => (
                <MessageItem key={m.id} message={m} />
              ))}
            </ol>
          ) : entry.kind === 'created' || entry.kind === 'reply' || entry.kind === 'merged' ? (
            entry.text && <p class="history__text">{entry.text}</p>
          ) : (
            <p class="history__text">{changeText(entry, team)}</p>
          )}
        </li>
      ))}
    </ol>
  );
}
