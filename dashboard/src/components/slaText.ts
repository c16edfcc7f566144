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

/** Length of one escalation window (policy rule 5: 4 hours, also the first-response target). */
export const ESCALATION_WINDOW_MS = 4 * 3600_000;

/**
 * When the first-response target was first missed (ms). Each escalation moves `firstResponseDueAt`
 * to the end of the next window, so an escalated ticket missed its target `escalationLevel` windows
 * before its current due time (exact for 24/7 departments, close for business-hours ones).
 */
export function breachStartedAt(ticket: TicketView): number {
  return Date.parse(ticket.firstResponseDueAt) - ticket.escalationLevel * ESCALATION_WINDOW_MS;
}

/** "en retard de 35 min" for a ticket of the "En retard" list. */
export function overdueText(ticket: TicketView, now: number): string {
  const since = breachStartedAt(ticket);
  if (Number.isNaN(since)) return t('sla.none');
  return t('sla.late', { duration: formatDuration(Math.max(0, now - since) / 1000) });
}
