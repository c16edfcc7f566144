/** A `Storage` kept in a Map, shared by every "tab" given the same instance; `broken` makes every call throw. */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  broken = false;
  /** Writes fail with a quota error (reads still work). */
  full = false;

  get length(): number {
    this.check();
    return this.items.size;
  }
  clear(): void {
    this.check();
    this.items.clear();
  }
  getItem(key: string): string | null {
    this.check();
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    this.check();
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.check();
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.check();
    if (this.full) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(key, value);
  }
  private check(): void {
    if (this.broken) throw new DOMException('denied', 'SecurityError');
  }
}
