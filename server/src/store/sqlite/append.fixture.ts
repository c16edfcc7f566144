import { openSqliteStore } from './sqlite.store';

// A separate process for the cross-process test in sqlite.store.test.ts: appends `count`
// messages to one chat on the given file, one transaction each, and prints their seqs.
// Usage: tsx append.fixture.ts <file> <chatId> <count> <label> <startAtEpochMs>
// Every process waits for the same start instant, so that the writers really overlap.

const [file, chatId, countText, label, startAt] = process.argv.slice(2);
if (!file || !chatId || !countText || !label || !startAt) {
  process.stderr.write('usage: append.fixture.ts <file> <chatId> <count> <label> <startAtEpochMs>\n');
  process.exit(2);
}

const store = openSqliteStore(file);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const seqs: number[] = [];
for (let i = 0; i < Number(countText); i += 1) {
  const result = await store.appendMessage({
    chatId, clientMessageId: `${label}-${i}`, authorRole: 'visitor', authorName: label,
    authorId: null, text: `${label} ${i}`, internal: false,
  }, new Date().toISOString());
  if (!result.ok) throw new Error(`append failed: ${result.reason}`);
  seqs.push(result.message.seq);
  // A short pause lets the other writers (asleep in their busy handler) take the lock.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await store.close();
process.stdout.write(JSON.stringify(seqs));
