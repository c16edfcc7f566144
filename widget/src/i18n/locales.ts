// Locale helpers without any dependency, so that the loader can use them too.

/** The locales the widget knows (mirrors `LOCALES` of the shared protocol, without zod). */
export const WIDGET_LOCALES = ['fr', 'en', 'ar'] as const;
/** One of {@link WIDGET_LOCALES}. */
export type WidgetLocale = (typeof WIDGET_LOCALES)[number];

/** localStorage key of the visitor's language choice. */
export const LOCALE_STORAGE_KEY = 'besoin-daide:locale';

/** Normalises `fr-FR`, `EN` … to a known locale; `undefined` when unknown. */
export function toLocale(value: unknown): WidgetLocale | undefined {
  if (typeof value !== 'string') return undefined;
  const base = value.trim().toLowerCase().split(/[-_]/)[0];
  return (WIDGET_LOCALES as readonly string[]).includes(base ?? '') ? (base as WidgetLocale) : undefined;
}

/** Writing direction of a locale (Arabic is right-to-left). */
export function directionOf(locale: WidgetLocale): 'ltr' | 'rtl' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}
