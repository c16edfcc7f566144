import { existsSync, writeFileSync } from 'node:fs';
import { openSqliteStore } from './sqlite.store';

// A separate process for the cross-process test in sqlite.store.test.ts: appends `count`
// messages to one chat on the given file, one transaction each, and prints their seqs.
// Usage: tsx append.fixture.ts <file> <chatId> <count> <label>
// Barrier: it writes `<file>.ready-<label>`, then waits for `<file>.go`, so that every
// writer starts at the same moment however slow the processes were to boot.

const [file, chatId, countText, label] = process.argv.slice(2);
if (!file || !chatId || !countText || !label) {
  process.stderr.write('usage: append.fixture.ts <file> <chatId> <count> <label>\n');
  process.exit(2);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const store = openSqliteStore(file);
writeFileSync(`${file}.ready-${label}`, '');
while (!existsSync(`${file}.go`)) await pause(5);

const seqs: number[] = [];
for (let i = 0; i < Number(countText); i += 1) {
  const result = await store.appendMessage({
    chatId, clientMessageId: `${label}-${i}`, authorRole: 'visitor', authorName: label,
    authorId: null, text: `${label} ${i}`, internal: false,
  }, new Date().toISOString());
  if (!result.ok) throw new Error(`append failed: ${result.reason}`);
  seqs.push(result.message.seq);
  // A short pause lets the other writers (asleep in their busy handler) take the lock.
  await pause(1);
}
await store.close();
process.stdout.write(JSON.stringify(seqs));
