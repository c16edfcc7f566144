import type { StoredMessage } from './deliveryCheck';
import type { ReliableClient } from './reliableClient';

// When the store itself goes away (a Redis restart), some sends are answered with an error
// rather than stored, and the reliable client gives those up: they were never acknowledged.
// What must hold is about the acknowledged ones (DESIGN §4): each stored exactly once, where
// the ack said, and shown on the other side of the chat. This counts that, and nothing else.

/** Counts over every message the clients sent. */
export interface AckedCounts {
  sent: number;
  /** Answered ok (stored, by the protocol). */
  acked: number;
  /** Answered with an error and given up by the client (never acknowledged). */
  refused: number;
  /** Of the acknowledged, stored exactly once at the acknowledged id and seq. */
  stored: number;
  /** Of the acknowledged, shown on the other side of the chat at their stored seq. */
  delivered: number;
  /** Acknowledged but not stored (or stored elsewhere than the ack said). */
  lost: number;
  /** Extra stored copies of one clientMessageId, and messages a client showed twice. */
  duplicated: number;
  /** Chats whose seqs are not exactly 1..N. */
  seqBroken: number;
}

/** Checks the acknowledged messages against the store and the other side's display. */
export function checkAcknowledged(stored: StoredMessage[], clients: ReliableClient[]): { counts: AckedCounts; problems: string[] } {
  const problems: string[] = [];
  const note = (p: string) => void (problems.length < 20 && problems.push(p));
  const counts: AckedCounts = { sent: 0, acked: 0, refused: 0, stored: 0, delivered: 0, lost: 0, duplicated: 0, seqBroken: 0 };
  const byClientId = new Map<string, StoredMessage[]>();
  const seqs = new Map<string, number[]>();
  for (const m of stored) {
    seqs.set(m.chatId, [...(seqs.get(m.chatId) ?? []), m.seq]);
    if (m.clientMessageId === null) continue;
    const key = `${m.chatId}\n${m.clientMessageId}`;
    byClientId.set(key, [...(byClientId.get(key) ?? []), m]);
  }
  for (const [chatId, list] of seqs) {
    const sorted = [...list].sort((a, b) => a - b);
    if (!sorted.every((s, i) => s === i + 1)) {
      counts.seqBroken++;
      note(`chat ${chatId}: seqs are not 1..${sorted.length}`);
    }
  }
  for (const [key, rows] of byClientId) {
    if (rows.length > 1) {
      counts.duplicated += rows.length - 1;
      note(`${key.replace('\n', ' ')} stored ${rows.length} times`);
    }
  }
  for (const client of clients) {
    counts.sent += client.stats.sent;
    counts.refused += client.stats.rejected;
    counts.duplicated += client.stats.duplicates;
    for (const [clientMessageId, ack] of client.acked) {
      counts.acked++;
      const rows = byClientId.get(`${ack.chatId}\n${clientMessageId}`) ?? [];
      const row = rows[0];
      if (!row || row.id !== ack.id || row.seq !== ack.seq) {
        counts.lost++;
        note(`${clientMessageId}: acknowledged as ${ack.id}@${ack.seq}, stored ${row ? `as ${row.id}@${row.seq}` : 'nowhere'}`);
        continue;
      }
      counts.stored++;
      const others = clients.filter((c) => c.role !== client.role && c.chatIds().includes(ack.chatId));
      if (others.length > 0 && others.every((o) => o.shown(ack.chatId).get(row.seq)?.id === row.id)) counts.delivered++;
      else note(`${clientMessageId} (${ack.chatId} seq ${row.seq}) is not shown on the other side`);
    }
  }
  return { counts, problems };
}

/** One line for the test log. */
export function formatAcked(label: string, c: AckedCounts): string {
  return `${label}: sent ${c.sent} / acked ${c.acked} / refused ${c.refused} / stored ${c.stored} / delivered ${c.delivered} / lost ${c.lost} / dup ${c.duplicated} / seq-broken chats ${c.seqBroken}`;
}
