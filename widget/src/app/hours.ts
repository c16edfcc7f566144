import type { PublicDepartment } from '@besoin/shared';
import { getLocale, t } from '../i18n';

// Department hours as the visitor reads them. The weekly hours are in the company's zone
// (Africa/Tunis, said as "heure de Tunisie"); the next opening is shown in the visitor's own zone.

/** Weekly hours: 'always' or opening ranges (days 1 = Monday … 7 = Sunday) in the company's zone. */
export type WeeklyHours = PublicDepartment['hours'];

/** What the widget knows of a department: from GET /api/public/departments, or a department_closed ack. */
export type DepartmentState = Pick<PublicDepartment, 'open' | 'nextOpeningAt'> & { hours?: WeeklyHours };

/** Intl options of the views: the visitor's zone and language unless a test pins them. */
export interface ZoneOptions {
  timeZone?: string;
  locale?: string;
}

/** A day name; `day` is 1 = Monday … 7 = Sunday (1 January 2024 was a Monday). */
function dayName(day: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
}

function daysText(days: readonly number[], locale: string): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const first = sorted[0] ?? 1;
  const last = sorted[sorted.length - 1] ?? 1;
  if (sorted.length === 1) return t('hoursDay', { day: dayName(first, locale) });
  if (last - first === sorted.length - 1) return t('hoursDayRange', { from: dayName(first, locale), to: dayName(last, locale) });
  const list = sorted.map((d) => dayName(d, locale)).join(', ');
  return list.charAt(0).toUpperCase() + list.slice(1);
}

/** "Du lundi au vendredi, 10:00–18:00 (heure de Tunisie)" or "24 h/24, 7 j/7". */
export function weeklyHoursText(hours: WeeklyHours, locale: string = getLocale()): string {
  if (hours === 'always') return t('hoursAlways');
  if (hours.length === 0) return '';
  const text = hours.map((h) => `${daysText(h.days, locale)}, ${h.open}–${h.close}`).join(' ; ');
  return t('hoursZone', { hours: text });
}

/** Date and time of an ISO instant with the zone's short name, e.g. "lundi 9 mars à 10:00 UTC+1"; '' when invalid. */
export function formatOpening(value: unknown, { timeZone, locale = getLocale() }: ZoneOptions = {}): string {
  if (typeof value !== 'string') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone,
    }).format(date);
  } catch {
    return ''; // an unknown time zone name
  }
}

/** "Ouvert maintenant" or "Fermé — réouverture lundi 9 mars à 10:00 UTC+1". */
export function openStateText(state: DepartmentState, zone: ZoneOptions = {}): string {
  if (state.open) return t('hoursOpen');
  const date = formatOpening(state.nextOpeningAt, zone);
  return date ? t('hoursClosed', { date }) : t('hoursClosedNoDate');
}
