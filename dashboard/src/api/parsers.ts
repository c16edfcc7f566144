import type { Parser } from './http';

type Parsed<T> = { success: true; data: T } | { success: false };

const failed = { success: false } as const;

/** A parser of `{ [key]: T[] }` whose items all pass `item` (one bad item fails the whole answer). */
export function listOf<K extends string, T>(key: K, item: Parser<T>): Parser<Record<K, T[]>> {
  return {
    safeParse(data: unknown): Parsed<Record<K, T[]>> {
      const list = (data as Record<string, unknown> | null)?.[key];
      if (!Array.isArray(list)) return failed;
      const items: T[] = [];
      for (const raw of list) {
        const parsed = item.safeParse(raw);
        if (!parsed.success) return failed;
        items.push(parsed.data);
      }
      return { success: true, data: { [key]: items } as Record<K, T[]> };
    },
  };
}

/** A parser of `{ [key]: T }`. */
export function oneOf<K extends string, T>(key: K, item: Parser<T>): Parser<Record<K, T>> {
  return {
    safeParse(data: unknown): Parsed<Record<K, T>> {
      const parsed = item.safeParse((data as Record<string, unknown> | null)?.[key]);
      return parsed.success ? { success: true, data: { [key]: parsed.data } as Record<K, T> } : failed;
    },
  };
}
