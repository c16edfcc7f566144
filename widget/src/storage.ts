// Web storage may be missing or throw (privacy modes, sandboxed iframes, quota): never let it escape.

/** `localStorage` (kept across reloads and tabs) or `sessionStorage` (this tab only). */
export type StorageArea = 'localStorage' | 'sessionStorage';

/** Reads a key, `null` when absent or when storage is unavailable. */
export function readStorage(key: string, area: StorageArea = 'localStorage'): string | null {
  try {
    return globalThis[area]?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Writes a key (`null` removes it); silently does nothing when storage is unavailable. */
export function writeStorage(key: string, value: string | null, area: StorageArea = 'localStorage'): void {
  try {
    if (value === null) globalThis[area]?.removeItem(key);
    else globalThis[area]?.setItem(key, value);
  } catch {
    // Storage full or forbidden: the value only lives for this page.
  }
}
