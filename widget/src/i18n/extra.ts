import { translate, type Params, type WidgetLocale } from '.';
import { frExtra, type ExtraKey } from './fr-extra';

// Languages of the extra screens; missing keys fall back to French, like `t()`.
const dictionaries: Partial<Record<WidgetLocale, Partial<Record<ExtraKey, string>>>> = { fr: frExtra };

/** `t()` for the lazily loaded screens. */
export function te(key: ExtraKey, params?: Params): string {
  return translate(dictionaries, frExtra, key, params);
}
