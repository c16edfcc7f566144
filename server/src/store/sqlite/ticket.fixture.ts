import { existsSync, writeFileSync } from 'node:fs';
import { openSqliteStore } from './sqlite.store';

// A separate process for the cross-process ticket test in sqlite.store.test.ts: creates
// `count` tickets (distinct requesters), tries to escalate `ref` from level 0 and to convert
// `chatId`, then prints what it got. Same start barrier as append.fixture.ts.
// Usage: tsx ticket.fixture.ts <file> <label> <count> <ref> <chatId>

const [file, label, countText, ref, chatId] = process.argv.slice(2);
if (!file || !label || !countText || !ref || !chatId) {
  process.stderr.write('usage: ticket.fixture.ts <file> <label> <count> <ref> <chatId>\n');
  process.exit(2);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const store = openSqliteStore(file);
writeFileSync(`${file}.ready-${label}`, '');
while (!existsSync(`${file}.go`)) await pause(5);

const author = { role: 'agent' as const, name: label, id: null };
const refs: string[] = [];
let escalated = false;
let converted: { ref: string; changed: boolean } | null = null;
for (let i = 0; i < Number(countText); i += 1) {
  const now = new Date().toISOString();
  const { ticket } = await store.createTicket({
    subject: `${label} ${i}`, department: 'technical', category: 'technical', priority: 'normal',
    urgent: false, requesterName: label, requesterEmail: `${label}-${i}@example.com`, source: 'form',
    visitorId: null, firstResponseDueAt: now, text: null, author,
  }, { dedupeSince: null }, now);
  refs.push(ticket.ref);
  if (i === 5) {
    escalated = (await store.escalateTicket(ref, { fromLevel: 0, priority: 'high', nextDueAt: now }, now)).ok;
    const result = await store.convertChat(chatId, {
      subject: 'Conversion', department: 'technical', category: 'technical', priority: 'normal',
      urgent: false, requesterName: 'Lina', requesterEmail: 'lina@example.com', source: 'chat',
      firstResponseDueAt: now, text: null, author,
    }, { dedupeSince: null }, now);
    if (!result.ok) throw new Error(`convert failed: ${result.reason}`);
    converted = { ref: result.ticket.ref, changed: result.changed };
  }
  await pause(1);
}
await store.close();
process.stdout.write(JSON.stringify({ refs, escalated, converted }));
