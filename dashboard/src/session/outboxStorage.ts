/** One unacknowledged message as kept in localStorage (survives a reload, shared by the agent's tabs). */
export interface StoredOutboxItem {
  clientMessageId: string;
  chatId: string;
  text: string;
  /** An internal note. */
  internal: boolean;
  /** ISO 8601. */
  createdAt: string;
}

/** The agent's persisted outbox. Every call re-reads the storage: other tabs write to it too. */
export interface OutboxStorage {
  /** The stored items, oldest first (invalid and expired ones left out). */
  load(): StoredOutboxItem[];
  /** Adds or replaces an item (by clientMessageId), dropping the oldest beyond the limit. */
  save(item: StoredOutboxItem): void;
  /** Forgets an item (acknowledged, delivered, or refused for good). */
  remove(clientMessageId: string): void;
}

/** Options of {@link createOutboxStorage}. */
export interface OutboxStorageOptions {
  /** The storage to use; defaults to `localStorage`. A getter, since merely reading `localStorage` may throw. */
  storage?: () => Storage;
  /** At most this many items are kept (default 200). */
  limit?: number;
  /** Items older than this are dropped (default 24 h): the chat is long over. */
  maxAgeMs?: number;
  now?: () => number;
}

/** Default bound of the persisted outbox. */
export const OUTBOX_LIMIT = 200;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const MAX_TEXT = 5000;
const MAX_ID = 64;

/** The localStorage key of an agent's outbox. */
export function outboxKey(agentId: string): string {
  return `besoin-daide:outbox:${agentId}`;
}

function isItem(value: unknown): value is StoredOutboxItem {
  if (typeof value !== 'object' || value === null) return false;
  const { clientMessageId, chatId, text, internal, createdAt } = value as Record<string, unknown>;
  return (
    typeof clientMessageId === 'string' &&
    clientMessageId.length > 0 &&
    clientMessageId.length <= MAX_ID &&
    typeof chatId === 'string' &&
    chatId.length > 0 &&
    typeof text === 'string' &&
    text.trim().length > 0 &&
    text.length <= MAX_TEXT &&
    typeof internal === 'boolean' &&
    typeof createdAt === 'string' &&
    !Number.isNaN(Date.parse(createdAt))
  );
}

/**
 * The persisted outbox of one agent (`besoin-daide:outbox:<agentId>`). Storage may be missing,
 * full or throwing (privacy modes, sandboxed frames): every failure is swallowed and the desk
 * then keeps its outbox in memory only, as before.
 */
export function createOutboxStorage(agentId: string, options: OutboxStorageOptions = {}): OutboxStorage {
  const key = outboxKey(agentId);
  const getStorage = options.storage ?? (() => localStorage);
  const limit = options.limit ?? OUTBOX_LIMIT;
  const maxAgeMs = options.maxAgeMs ?? MAX_AGE_MS;
  const now = options.now ?? Date.now;

  function read(): StoredOutboxItem[] {
    let raw: string | null;
    try {
      raw = getStorage().getItem(key);
    } catch {
      return [];
    }
    if (!raw) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return []; // corrupt: the next write replaces it
    }
    if (!Array.isArray(parsed)) return [];
    const oldest = now() - maxAgeMs;
    return parsed.filter(isItem).filter((item) => Date.parse(item.createdAt) >= oldest);
  }

  function write(items: StoredOutboxItem[]): void {
    try {
      if (items.length === 0) getStorage().removeItem(key);
      else getStorage().setItem(key, JSON.stringify(items));
    } catch {
      // quota or access denied: memory only
    }
  }

  const byAge = (a: StoredOutboxItem, b: StoredOutboxItem) => Date.parse(a.createdAt) - Date.parse(b.createdAt);

  return {
    load: () => read().sort(byAge),
    save(item) {
      const items = read().filter((i) => i.clientMessageId !== item.clientMessageId);
      items.push(item);
      items.sort(byAge);
      write(items.slice(Math.max(0, items.length - limit)));
    },
    remove(clientMessageId) {
      const items = read();
      const kept = items.filter((i) => i.clientMessageId !== clientMessageId);
      if (kept.length !== items.length) write(kept);
    },
  };
}
