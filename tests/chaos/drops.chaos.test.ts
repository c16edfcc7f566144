import { parsePolicy } from '@besoin/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAOS_POLICY } from '../support/chaosPolicy';
import { openChatPairs, sendOne, startTraffic, total } from '../support/chaosSetup';
import { checkDelivery, formatCounts } from '../support/deliveryCheck';
import { seededRandom } from '../support/random';
import type { ReliableClient } from '../support/reliableClient';
import { startServer, type E2eServer } from '../support/server';
import { readStoreMessages } from '../support/storedMessages';
import { sleep, waitFor } from '../support/waitFor';

// 10 chats between 2 agents and 10 visitors, all outbox clients, messages flowing all along;
// meanwhile 1,000 connection drops on random clients of both sides (seeded): transports closed
// by the client or by the server, some right after a message was emitted so that its ack is
// lost and the resend path runs. Then drain, and: nothing lost, nothing shown twice, seqs 1..N.

const SEED = Number(process.env.CHAOS_SEED ?? 20261128);
const DROPS = 1000;
const PASSWORD = 'chaos-password';
const AGENTS = [{ login: 'agent0', password: PASSWORD }, { login: 'agent1', password: PASSWORD }];

let server: E2eServer | undefined;
let closeClients = () => {};

afterAll(async () => {
  closeClients();
  await server?.close();
});

describe(`${DROPS} random connection drops (seed ${SEED})`, () => {
  it('loses no message and shows none twice', async () => {
    const rnd = seededRandom(SEED);
    server = await startServer({ policy: parsePolicy(CHAOS_POLICY) });
    for (const a of AGENTS) await server.createAgent({ login: a.login, name: a.login, password: a.password, maxChats: 10 });
    const pairs = await openChatPairs(server.url, { agents: AGENTS, visitors: 10 });
    closeClients = pairs.close;
    const clients = pairs.all;
    const sockets = clients.map((c) => c.socket);
    const io = server.app.io;

    /** Closes the transport from the server's side (the client sees "transport close" and reconnects). */
    const serverDrop = (client: ReliableClient): boolean => {
      const socket = client.socket.id ? io.of(`/${client.role}`).sockets.get(client.socket.id) : undefined;
      if (!socket || !client.socket.connected) return false;
      socket.conn.close();
      return true;
    };

    const kinds = { client: 0, server: 0, afterSend: 0, afterSendDelayed: 0 };
    const traffic = startTraffic(clients, rnd, { tickMs: 15, probability: 0.3 });
    const t0 = Date.now();
    let drops = 0;
    while (drops < DROPS && Date.now() - t0 < 40_000) {
      await sleep(rnd.int(1, 8));
      const connected = clients.filter((c) => c.socket.connected);
      if (connected.length === 0) continue;
      const client = connected[rnd.int(0, connected.length - 1)]!;
      const roll = rnd.next();
      let dropped: boolean;
      if (roll < 0.2) {
        // emitted, then the transport closes at once: the server stores it, the ack goes nowhere
        sendOne(client, rnd);
        dropped = client.dropTransport();
        if (dropped) kinds.afterSend++;
      } else if (roll < 0.3) {
        sendOne(client, rnd);
        await sleep(rnd.int(0, 3));
        dropped = client.dropTransport();
        if (dropped) kinds.afterSendDelayed++;
      } else if (roll < 0.55) {
        dropped = serverDrop(client);
        if (dropped) kinds.server++;
      } else {
        dropped = client.dropTransport();
        if (dropped) kinds.client++;
      }
      if (dropped) drops++;
    }
    const chaosMs = Date.now() - t0;
    traffic.stop();

    const drained = await waitFor(() => clients.every((c) => c.outboxSize() === 0), 15_000);
    const reconnected = await waitFor(() => clients.every((c) => c.socket.connected), 10_000);
    let result = checkDelivery(await readStoreMessages(server.store, pairs.chatIds), clients);
    await waitFor(async () => (result = checkDelivery(await readStoreMessages(server!.store, pairs.chatIds), clients)).problems.length === 0, 10_000, 200);
    const { counts, problems } = result;
    console.log([
      `connection drops chaos, seed ${SEED}: 2 agents, ${pairs.visitors.length} visitors; ${drops} drops in ${chaosMs} ms`
        + ` (client-side ${kinds.client}, server-side ${kinds.server}, right after a send ${kinds.afterSend}, 0-3 ms after a send ${kinds.afterSendDelayed})`,
      `  ${formatCounts('totals', counts)}`,
      `  resends acknowledged with a message stored by an earlier attempt: ${total(clients, (c) => c.stats.storedByEarlierAttempt)}`,
      `  sessions: ${total(clients, (c) => c.stats.sessions)}, syncs ${total(clients, (c) => c.stats.syncs)} (failed ${total(clients, (c) => c.stats.syncFailures)}),`
        + ` connect errors ${total(clients, (c) => c.stats.connectErrors)}, sockets recreated: ${clients.filter((c, i) => c.socket !== sockets[i]).length}`,
      ...problems.map((p) => `  ! ${p}`),
    ].join('\n'));

    expect(drops).toBe(DROPS);
    expect(drained, 'every outbox emptied').toBe(true);
    expect(reconnected, 'every client reconnected by itself').toBe(true);
    expect(clients.every((c, i) => c.socket === sockets[i])).toBe(true);
    expect(problems).toEqual([]);
    expect(counts.acknowledged).toBe(counts.sent);
    expect(counts.stored).toBe(counts.sent);
    expect(counts.delivered).toBe(counts.sent);
    expect(counts).toMatchObject({ lost: 0, duplicated: 0, seqBroken: 0, displayMismatches: 0 });
  }, 90_000);
});
