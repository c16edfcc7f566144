// localStorage may be missing or throw (privacy modes, sandboxed iframes, quota): never let it escape.

/** Reads a key, `null` when absent or when storage is unavailable. */
export function readStorage(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Writes a key; silently does nothing when storage is unavailable. */
export function writeStorage(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Storage full or forbidden: the value only lives for this page.
  }
}
