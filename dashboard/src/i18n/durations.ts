import { getLocale, t } from './index';

/** A duration as agents read it: "moins d'une minute", "3 min", "2 h 05", "1 j 4 h" (rounded down). */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  if (minutes < 1) return t('time.lessThanMinute');
  if (minutes < 60) return t('time.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('time.hours', { h: hours, mm: String(minutes % 60).padStart(2, '0') });
  return t('time.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** An instant as a French date and time ("2 mars 2026 à 10:05"), in the agent's time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString(getLocale(), { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
