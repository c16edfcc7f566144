// Redis memory per chat, per message and per ticket, for sizing (docs/OPERATIONS.md).
//   pnpm --filter @besoin/tests exec tsx load/redis-size.ts [--url redis://127.0.0.1:6399]
// Writes through the real Redis store under a throw-away prefix, reads INFO memory before and
// after each phase, and deletes everything it wrote.
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { openRedisStore } from '@besoin/server';

const urlArg = process.argv.indexOf('--url');
const url = urlArg > 0 ? process.argv[urlArg + 1]! : (process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6399');
const CHATS = 2000;
const MESSAGES_PER_CHAT = 20;
const TICKETS = 1000;
const TEXT = 'Bonjour, mon site affiche une erreur 500 depuis ce matin, pouvez-vous regarder ?'; // 80 chars

const info = createClient({ url });
await info.connect();
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await info.info('memory'))?.[1]);
const prefix = `besoin-size-${randomBytes(4).toString('hex')}:`;
const store = await openRedisStore({ url, prefix });
const now = () => new Date().toISOString();
try {
  const base = await usedMemory();
  const chatIds: string[] = [];
  for (let i = 0; i < CHATS; i++) {
    await store.createVisitor({ id: `v${i}`, tokenHash: `h${i}`, createdAt: now() });
    const r = await store.createChat(
      { visitorId: `v${i}`, department: 'technical', subject: 'Site en panne', visitorName: `Visiteur ${i}`, visitorEmail: `v${i}@example.com`, urgent: false, priority: 'normal', category: 'technical', locale: 'fr', pageUrl: 'https://www.example.tn/contact' },
      { clientMessageId: randomBytes(8).toString('hex'), authorRole: 'visitor', authorName: `Visiteur ${i}`, authorId: null, text: TEXT, internal: false },
      now(),
    );
    if (r.ok) chatIds.push(r.chat.id);
  }
  const afterChats = await usedMemory();
  for (const chatId of chatIds) {
    for (let m = 1; m < MESSAGES_PER_CHAT; m++) {
      await store.appendMessage({ chatId, clientMessageId: randomBytes(8).toString('hex'), authorRole: m % 2 ? 'agent' : 'visitor', authorName: 'Karim', authorId: null, text: TEXT, internal: false }, now());
    }
  }
  const afterMessages = await usedMemory();
  for (let i = 0; i < TICKETS; i++) {
    await store.createTicket(
      { subject: `Facture ${i}`, department: 'billing', category: 'billing', priority: 'normal', urgent: false, requesterName: `Client ${i}`, requesterEmail: `c${i}@example.com`, source: 'form', visitorId: null, firstResponseDueAt: now(), text: TEXT, author: { role: 'visitor', name: `Client ${i}`, id: null } },
      { dedupeSince: null }, now(),
    );
  }
  const afterTickets = await usedMemory();
  const result = {
    redis: url,
    bytesPerChat: Math.round((afterChats - base) / CHATS),
    bytesPerMessage: Math.round((afterMessages - afterChats) / (CHATS * (MESSAGES_PER_CHAT - 1))),
    bytesPerTicket: Math.round((afterTickets - afterMessages) / TICKETS),
    note: `chat = visitor + chat + first message + indexes; message text ${TEXT.length} chars; ticket = ticket + first entry`,
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await store.purge();
  await store.close();
  await info.close();
}
