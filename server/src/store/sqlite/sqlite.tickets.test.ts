import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFixtures } from './barrier.testing';
import { openSqliteStore, type SqliteStore } from './sqlite.store';

// Ticket atomicity across processes: in one process better-sqlite3 runs each transaction to
// completion, so only several processes on one file really race for the write lock.

describe('SqliteStore tickets across processes', () => {
  let dir: string;
  let file: string;
  let store: SqliteStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'besoin-tickets-'));
    file = join(dir, 'besoin.sqlite');
    store = openSqliteStore(file);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps refs gap-free, escalates once and converts a chat once', async () => {
    const now = new Date().toISOString(); // the fixtures use the wall clock too (same year)
    const author = { role: 'visitor' as const, name: 'Lina', id: null };
    const { ticket: shared } = await store.createTicket({
      subject: 'Partagé', department: 'technical', category: 'technical', priority: 'normal', urgent: false,
      requesterName: 'Sami', requesterEmail: 'sami@example.com', source: 'form', visitorId: null,
      firstResponseDueAt: now, text: 'x', author,
    }, { dedupeSince: null }, now);
    await store.createVisitor({ id: 'v1', tokenHash: 't1', createdAt: now });
    const created = await store.createChat({
      visitorId: 'v1', department: 'technical', subject: 'Panne', visitorName: 'Lina',
      visitorEmail: 'lina@example.com', urgent: false, priority: 'normal', locale: null, pageUrl: null,
      category: 'outage',
    }, { clientMessageId: null, authorRole: 'visitor', authorName: 'Lina', authorId: null, text: 'Bonjour', internal: false }, now);
    if (!created.ok) throw new Error('chat not created');

    const fixture = fileURLToPath(new URL('./ticket.fixture.ts', import.meta.url));
    const labels = ['p1', 'p2', 'p3', 'p4'];
    const perProcess = 30;
    const children = startFixtures(fixture, file, labels, (label) => [label, String(perProcess), shared.ref, created.chat.id]);
    await children.started;
    const results = (await children.outputs).map((stdout) => JSON.parse(stdout) as {
      refs: string[]; escalated: boolean; converted: { ref: string; changed: boolean };
    });

    const year = new Date(now).getUTCFullYear();
    const conversionRef = results[0]?.converted.ref ?? '';
    const all = [shared.ref, conversionRef, ...results.flatMap((r) => r.refs)].sort();
    const total = labels.length * perProcess + 2;
    expect(all).toEqual(Array.from({ length: total }, (_, i) => `TCK-${year}-${String(i + 1).padStart(6, '0')}`));
    // The writers must have overlapped, or this test proves nothing.
    const numbers = (refs: string[]) => refs.map((ref) => Number(ref.slice(-6)));
    expect(results.some(({ refs }) => numbers(refs).some((n, i, list) => i > 0 && n !== (list[i - 1] ?? 0) + 1))).toBe(true);
    expect(results.filter((r) => r.escalated)).toHaveLength(1);
    expect(results.filter((r) => r.converted.changed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.converted.ref)).size).toBe(1);
    expect(await store.getTicket(shared.ref)).toMatchObject({ escalationLevel: 1, priority: 'high' });
    const entries = await store.listTicketEntries(conversionRef);
    expect(entries.filter((e) => e.kind === 'transcript')).toHaveLength(1);
    expect(await store.getChat(created.chat.id)).toMatchObject({ status: 'converted', ticketRef: conversionRef });
  });

  it('never lets several processes overrun the emergency limits', async () => {
    const now = new Date().toISOString();
    const tickets: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const { ticket } = await store.createTicket({
        subject: `Panne ${i}`, department: 'technical', category: 'outage', priority: 'critical', urgent: false,
        requesterName: 'Sami', requesterEmail: i % 2 === 0 ? 'sami@example.com' : 'SAMI@Example.com',
        source: 'form', visitorId: 'v1', firstResponseDueAt: now, text: 'x',
        author: { role: 'visitor', name: 'Sami', id: null },
      }, { dedupeSince: null }, now);
      tickets.push(ticket.ref);
    }
    const fixture = fileURLToPath(new URL('./emergency.fixture.ts', import.meta.url));
    const labels = ['p1', 'p2', 'p3', 'p4'];
    // Each process walks the tickets from a different start, so that they contend on each one.
    const children = startFixtures(fixture, file, labels, (label) => {
      const shift = labels.indexOf(label);
      return [label, 'v1', ...tickets.slice(shift), ...tickets.slice(0, shift)];
    });
    await children.started;
    const results = (await children.outputs).map((stdout) => JSON.parse(stdout) as { raised: string[]; refused: string[] });
    const raised = results.flatMap((r) => r.raised);
    expect(raised).toHaveLength(2);
    expect(new Set(raised).size).toBe(2);
    expect(results.flatMap((r) => r.refused).every((reason) => reason === 'already_raised' || reason === 'limit_reached')).toBe(true);
    expect((await store.listEmergencies({ limit: 10 })).map((e) => e.ticketRef).sort()).toEqual([...raised].sort());
  });
});
