import { afterAll, describe, expect, it } from 'vitest';
import { CHAOS_POLICY } from '../support/chaosPolicy';
import { openChatPairs, sendOne, startTraffic, total } from '../support/chaosSetup';
import { createChildServer, type ChildServer } from '../support/childServer';
import { checkDelivery, formatCounts } from '../support/deliveryCheck';
import { seededRandom } from '../support/random';
import { readSqliteMessages } from '../support/storedMessages';
import { sleep, waitFor } from '../support/waitFor';

// The real server in a child process; 2 agents and 20 visitors in 20 chats exchange messages
// continuously through outbox clients. Mid-stream the server is SIGKILLed and restarted on the
// same data dir and port; the clients reconnect by themselves (same socket objects), resend
// what was not acknowledged and sync what they missed. Then: every message stored exactly
// once, shown once on each side, seqs 1..N per chat.

const SEED = Number(process.env.CHAOS_SEED ?? 20261127);
const PASSWORD = 'chaos-password';
const AGENTS = [{ login: 'agent0', password: PASSWORD }, { login: 'agent1', password: PASSWORD }];

let server: ChildServer | undefined;
let closeClients = () => {};

afterAll(async () => {
  closeClients();
  await server?.close();
});

describe(`SIGKILL mid-stream (seed ${SEED})`, () => {
  it('loses no acknowledged message and shows none twice across a crash and restart', async () => {
    const rnd = seededRandom(SEED);
    server = await createChildServer({ policy: CHAOS_POLICY });
    for (const a of AGENTS) await server.addAgent({ login: a.login, name: a.login, password: a.password, maxChats: 20 });
    await server.start();
    const pairs = await openChatPairs(server.url, { agents: AGENTS, visitors: 20 });
    closeClients = pairs.close;
    const clients = pairs.all;
    const sockets = clients.map((c) => c.socket);
    const tokens = pairs.visitors.map((v) => v.visitorToken());

    const traffic = startTraffic(clients, rnd, { tickMs: 20, probability: 0.25 });
    await sleep(1500);

    // A burst just before the kill, so that some messages are stored but their acks die with the process.
    for (const client of clients) for (let i = 0; i < 3; i++) sendOne(client, rnd);
    await server.kill('SIGKILL');
    const killedAt = Date.now();
    const ackedAtKill = total(clients, (c) => c.stats.acked);
    const unackedAtKill = clients.flatMap((c) => [...c.sent.keys()].filter((id) => !c.acked.has(id)));
    // What the crash left on disk (read from a copy, so that the restarted server does its own WAL recovery).
    const onDisk = new Set(readSqliteMessages(server.sqliteFile, { copy: true }).map((m) => m.clientMessageId));
    const storedButUnacked = unackedAtKill.filter((id) => onDisk.has(id)).length;
    await server.start();
    const downMs = Date.now() - killedAt;

    const reconnected = await waitFor(() => clients.every((c) => c.socket.connected && c.stats.sessions >= 2), 20_000);
    await sleep(1500);
    traffic.stop();
    const drained = await waitFor(() => clients.every((c) => c.outboxSize() === 0), 20_000);
    // Broadcasts still in flight: let every display catch up with the file (bounded).
    let result = checkDelivery(readSqliteMessages(server.sqliteFile), clients);
    await waitFor(() => (result = checkDelivery(readSqliteMessages(server!.sqliteFile), clients)).problems.length === 0, 10_000, 200);

    // A graceful stop, then the file once more: what was acknowledged is durable.
    await server.kill('SIGTERM');
    result = checkDelivery(readSqliteMessages(server.sqliteFile), clients);
    const { counts, problems } = result;
    console.log([
      `SIGKILL chaos, seed ${SEED}: 2 agents, ${pairs.visitors.length} visitors; server down ${downMs} ms (kill → healthy)`,
      `  at the kill: ${ackedAtKill} acknowledged, ${unackedAtKill.length} unacknowledged of which ${storedButUnacked} already stored`,
      `  ${formatCounts('totals', counts)}`,
      `  resends acknowledged with a message stored by an earlier attempt: ${total(clients, (c) => c.stats.storedByEarlierAttempt)}`,
      `  sessions per client: min ${Math.min(...clients.map((c) => c.stats.sessions))}, max ${Math.max(...clients.map((c) => c.stats.sessions))}; sockets recreated: ${clients.filter((c, i) => c.socket !== sockets[i]).length}`,
      ...problems.map((p) => `  ! ${p}`),
    ].join('\n'));

    expect(reconnected, 'every client reconnected by itself').toBe(true);
    expect(drained, 'every outbox emptied').toBe(true);
    expect(clients.every((c, i) => c.socket === sockets[i])).toBe(true);
    expect(pairs.visitors.map((v) => v.visitorToken())).toEqual(tokens);
    expect(problems).toEqual([]);
    expect(counts.acknowledged).toBe(counts.sent);
    expect(counts.stored).toBe(counts.sent);
    expect(counts.delivered).toBe(counts.sent);
    expect(counts).toMatchObject({ lost: 0, duplicated: 0, seqBroken: 0, displayMismatches: 0 });
    expect(ackedAtKill).toBeGreaterThan(0);
  }, 120_000);
});
