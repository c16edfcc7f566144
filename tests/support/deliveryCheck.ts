import type { ReliableClient } from './reliableClient';

// Compares what the store holds with what every reliable client sent, was acknowledged and
// shows. Shared by the chaos tests; it only counts and describes, the tests assert.

/** A stored message row, whatever store it was read from. */
export interface StoredMessage { id: string; chatId: string; seq: number; clientMessageId: string | null; authorRole: string; internal: boolean }

/** The counts a chaos test prints and asserts on. */
export interface DeliveryCounts {
  /** Messages the clients created (each one clientMessageId). */
  sent: number;
  /** Of those, acknowledged by the server. */
  acknowledged: number;
  /** Of those, present in the store. */
  stored: number;
  /** Of those, shown on the other side of the chat at their stored seq. */
  delivered: number;
  /** Sent but missing from the store, or stored but not shown on the other side. */
  lost: number;
  /** Extra stored copies of one clientMessageId, stored messages no client sent, and messages a client showed twice. */
  duplicated: number;
  /** Chats whose seqs are not exactly 1..N. */
  seqBroken: number;
  /** Stored messages a participant does not show, or shown messages the store does not have. */
  displayMismatches: number;
  /** Attempts beyond the first (the resend path). */
  resends: number;
  /** Messages received again at a seq already shown (de-duplicated by seq, as the protocol says). */
  redelivered: number;
}

/** Checks every invariant of DESIGN §2 "Delivery"; `problems` describes each failure (first 20). */
export function checkDelivery(stored: StoredMessage[], clients: ReliableClient[]): { counts: DeliveryCounts; problems: string[] } {
  const problems: string[] = [];
  const note = (p: string) => void (problems.length < 20 && problems.push(p));
  const byChat = new Map<string, StoredMessage[]>();
  for (const m of stored) {
    const rows = byChat.get(m.chatId) ?? [];
    rows.push(m);
    byChat.set(m.chatId, rows);
  }
  const counts: DeliveryCounts = {
    sent: 0, acknowledged: 0, stored: 0, delivered: 0, lost: 0, duplicated: 0, seqBroken: 0, displayMismatches: 0, resends: 0, redelivered: 0,
  };
  const byClientId = new Map<string, StoredMessage[]>();
  for (const [chatId, rows] of byChat) {
    rows.sort((a, b) => a.seq - b.seq);
    if (!rows.every((m, i) => m.seq === i + 1)) {
      counts.seqBroken++;
      note(`chat ${chatId}: seqs are not 1..${rows.length} (${rows.map((m) => m.seq).join(',').slice(0, 200)})`);
    }
    for (const m of rows) {
      if (m.clientMessageId === null) continue;
      const key = `${chatId}\n${m.clientMessageId}`;
      const same = byClientId.get(key) ?? [];
      same.push(m);
      byClientId.set(key, same);
    }
  }
  for (const [key, rows] of byClientId) {
    if (rows.length > 1) {
      counts.duplicated += rows.length - 1;
      note(`${key.replace('\n', ' ')} stored ${rows.length} times (seqs ${rows.map((r) => r.seq).join(',')})`);
    }
  }

  // A visitor or agent message that no client sent (other than the chat:start message, seq 1) is a copy.
  const sentIds = new Set(clients.flatMap((c) => [...c.sent].map(([id, chatId]) => `${chatId}\n${id}`)));
  for (const m of stored) {
    if (m.authorRole === 'system' || (m.clientMessageId === null && m.seq === 1)) continue;
    if (m.clientMessageId === null || !sentIds.has(`${m.chatId}\n${m.clientMessageId}`)) {
      counts.duplicated++;
      note(`${m.chatId} seq ${m.seq}: a ${m.authorRole} message (${m.clientMessageId}) that no client sent`);
    }
  }

  const participants = (chatId: string) => clients.filter((c) => c.chatIds().includes(chatId));
  for (const client of clients) {
    counts.resends += client.stats.attempts - (client.stats.sent - client.outboxSize());
    counts.redelivered += client.stats.redelivered;
    counts.duplicated += client.stats.duplicates;
    for (const [clientMessageId, chatId] of client.sent) {
      counts.sent++;
      const ack = client.acked.get(clientMessageId);
      if (ack) counts.acknowledged++;
      const row = byClientId.get(`${chatId}\n${clientMessageId}`)?.[0];
      if (!row) {
        counts.lost++;
        note(`${clientMessageId} in ${chatId} is not stored${ack ? ` although acknowledged as seq ${ack.seq}` : ''}`);
        continue;
      }
      counts.stored++;
      if (ack && (ack.id !== row.id || ack.seq !== row.seq)) note(`${clientMessageId}: acknowledged as ${ack.id}@${ack.seq}, stored as ${row.id}@${row.seq}`);
      const others = participants(chatId).filter((c) => c.role !== client.role);
      if (others.length !== 1) note(`${chatId}: ${others.length} clients on the other side of ${client.name}`);
      if (others.length > 0 && others.every((o) => o.shown(chatId).get(row.seq)?.id === row.id)) counts.delivered++;
      else {
        counts.lost++;
        note(`${clientMessageId} (${chatId} seq ${row.seq}) is stored but not shown on the other side`);
      }
    }
  }

  // Every participant shows exactly what the store holds (visitors: without internal notes).
  for (const [chatId, rows] of byChat) {
    for (const client of participants(chatId)) {
      const visible = rows.filter((m) => client.role === 'agent' || !m.internal);
      const shown = client.shown(chatId);
      const missing = visible.filter((m) => shown.get(m.seq)?.id !== m.id);
      const phantom = [...shown.values()].filter((s) => !visible.some((m) => m.seq === s.seq && m.id === s.id));
      counts.displayMismatches += missing.length + phantom.length;
      if (missing.length) note(`${client.name} does not show seqs ${missing.map((m) => m.seq).join(',').slice(0, 120)} of ${chatId}`);
      if (phantom.length) note(`${client.name} shows seqs ${phantom.map((m) => m.seq).join(',')} of ${chatId} that the store does not have`);
    }
  }
  for (const client of clients) for (const p of client.problems.slice(0, 5)) note(p);
  return { counts, problems };
}

/** One line for the test log. */
export function formatCounts(label: string, c: DeliveryCounts): string {
  return `${label}: sent ${c.sent} / acknowledged ${c.acknowledged} / stored ${c.stored} / delivered ${c.delivered} / lost ${c.lost} / duplicated ${c.duplicated}`
    + ` — seq-broken chats ${c.seqBroken}, display mismatches ${c.displayMismatches}, resends ${c.resends}, redelivered (deduped by seq) ${c.redelivered}`;
}
