import type { TicketView } from '@besoin/shared';
import { t } from '../i18n';
import { formatDuration } from '../i18n/durations';

/** Whether the first-response target is missed at `now` (answered tickets never are). */
export function isLate(ticket: TicketView, now: number): boolean {
  return !ticket.firstRespondedAt && Date.parse(ticket.firstResponseDueAt) < now;
}

/** Time left to first response: "reste 2 h 13", "en retard de 35 min" or "répondu". */
export function firstResponseText(ticket: TicketView, now: number): string {
  if (ticket.firstRespondedAt) return t('sla.answered');
  const due = Date.parse(ticket.firstResponseDueAt);
  if (Number.isNaN(due)) return t('sla.none');
  const seconds = (due - now) / 1000;
  return seconds >= 0 ? t('sla.left', { duration: formatDuration(seconds) }) : t('sla.late', { duration: formatDuration(-seconds) });
}
