import { existsSync, writeFileSync } from 'node:fs';
import { openSqliteStore } from './sqlite.store';

// A separate process for the cross-process emergency test in sqlite.tickets.test.ts: tries
// to raise an emergency on each given ticket (same requester, limit 2), then prints which
// refs it got. Same start barrier as append.fixture.ts.
// Usage: tsx emergency.fixture.ts <file> <label> <visitorId> <ref>...

const [file, label, visitorId, ...refs] = process.argv.slice(2);
if (!file || !label || !visitorId || refs.length === 0) {
  process.stderr.write('usage: emergency.fixture.ts <file> <label> <visitorId> <ref>...\n');
  process.exit(2);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const store = openSqliteStore(file);
writeFileSync(`${file}.ready-${label}`, '');
while (!existsSync(`${file}.go`)) await pause(5);

const raised: string[] = [];
const refused: string[] = [];
for (const ref of refs) {
  const now = new Date().toISOString();
  const result = await store.createEmergency({
    ticketRef: ref, visitorId, description: label, testedOtherDevices: true, testedOtherNetworks: true,
  }, { perRequesterLimit: 2, windowSince: '2000-01-01T00:00:00.000Z' }, now);
  if (result.ok) raised.push(ref);
  else refused.push(result.reason);
  await pause(1);
}
await store.close();
process.stdout.write(JSON.stringify({ raised, refused }));
