import { fr, type Dictionary, type MessageKey } from './fr';
import { directionOf, type WidgetLocale } from './locales';

export type { MessageKey } from './fr';
export { directionOf, toLocale, type WidgetLocale } from './locales';

/** Parameters interpolated into `{name}` placeholders. */
export type Params = Record<string, string | number>;

// English and Arabic are added here later (`en: en, ar: ar`); missing keys fall back to French.
const dictionaries: Partial<Record<WidgetLocale, Partial<Dictionary>>> = { fr };

let current: WidgetLocale = 'fr';

/** Chooses the language of every later `t()` call. */
export function setLocale(locale: WidgetLocale): void {
  current = locale;
}

/** The current language. */
export function getLocale(): WidgetLocale {
  return current;
}

/** The writing direction of the current language. */
export function dir(): 'ltr' | 'rtl' {
  return directionOf(current);
}

/** Translates `key` into the current language, replacing `{param}` placeholders. */
export function t(key: MessageKey, params?: Params): string {
  return translate(dictionaries, fr, key, params);
}

/**
 * Looks `key` up in the current language's dictionary (French when missing) and fills the
 * placeholders. The lazily loaded screens use it with their own dictionaries (`i18n/extra.ts`).
 */
export function translate<K extends string>(
  byLocale: Partial<Record<WidgetLocale, Partial<Record<K, string>>>>,
  french: Record<K, string>,
  key: K,
  params?: Params,
): string {
  const text = byLocale[current]?.[key] ?? french[key];
  return params ? text.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match)) : text;
}
