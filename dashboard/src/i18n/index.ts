import { fr, type Dictionary, type MessageKey } from './fr';

export type { MessageKey } from './fr';

/** Locales the dashboard can be shown in; only French ships for now. */
export type DashboardLocale = 'fr';

const dictionaries: Record<DashboardLocale, Dictionary> = { fr };
let current: DashboardLocale = 'fr';

/** Text direction of a locale (Arabic will be `rtl`). */
export function dirOf(_locale: DashboardLocale): 'ltr' | 'rtl' {
  return 'ltr';
}

/** The active locale. */
export function getLocale(): DashboardLocale {
  return current;
}

/** Switches the active locale (and the document's `lang`/`dir`). */
export function setLocale(locale: DashboardLocale): void {
  current = locale;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale;
    document.documentElement.dir = dirOf(locale);
  }
}

/** Translates `key`, replacing `{name}` placeholders with `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[current][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** Formats an ISO instant as a local time (HH:MM) in the active locale. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString(current, { hour: '2-digit', minute: '2-digit' });
}
