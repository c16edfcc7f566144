import { readStorage, writeStorage } from '../storage';
import { hasStrings } from './payloads';

// The visitor's unacknowledged messages, kept in localStorage so that a reload, another page of
// the site or another tab resends them (same clientMessageId: the server de-duplicates). Every
// change re-reads the list first, because the visitor's other tabs write to it too.

/** localStorage key of the messages sent and not acknowledged yet (shared by the visitor's tabs). */
export const OUTBOX_STORAGE_KEY = 'besoin-daide:outbox';
/** At most this many messages are kept (the newest); each is at most 5,000 characters (protocol). */
export const OUTBOX_LIMIT = 50;

/** A message as stored until its acknowledgement. */
export interface StoredMessage {
  clientMessageId: string;
  chatId: string;
  text: string;
  createdAt: string;
}

const isStored = (item: unknown): item is StoredMessage => hasStrings(item, 'clientMessageId chatId text createdAt');

/** The stored messages, oldest first; `[]` when storage is unavailable or holds something else. */
export function readOutbox(): StoredMessage[] {
  try {
    const list: unknown = JSON.parse(readStorage(OUTBOX_STORAGE_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter(isStored) : [];
  } catch {
    return [];
  }
}

function writeOutbox(items: readonly StoredMessage[]): void {
  // Storage full or forbidden: the message still lives in this page's outbox until it is acked.
  writeStorage(OUTBOX_STORAGE_KEY, items.length > 0 ? JSON.stringify(items.slice(-OUTBOX_LIMIT)) : null);
}

/** Stores a message before its first emit (replacing one with the same clientMessageId). */
export function storeMessage({ clientMessageId, chatId, text, createdAt }: StoredMessage): void {
  writeOutbox([...readOutbox().filter((item) => item.clientMessageId !== clientMessageId), { clientMessageId, chatId, text, createdAt }]);
}

/** Removes the stored messages for which `drop` is true (acknowledged, refused for good, stale). */
export function forgetMessages(drop: (item: StoredMessage) => boolean): void {
  const items = readOutbox();
  const kept = items.filter((item) => !drop(item));
  if (kept.length < items.length) writeOutbox(kept);
}
