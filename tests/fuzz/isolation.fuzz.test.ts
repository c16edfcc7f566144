import { DEPARTMENTS, PROTOCOL_VERSION, type Ack } from '@besoin/shared';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, connectAgent, connectVisitor, once } from '../support/clients';
import { oddString } from '../support/fuzzArbitraries';
import { ackShapeProblem, describe as show, http, httpErrorProblem, permissivePolicy, runCounter } from '../support/fuzzHarness';
import { startServer, type E2eServer } from '../support/server';

// Property 3 of the fuzz brief: a visitor can never read or write another visitor's chats,
// tickets or transcripts. The attacker is a real visitor with a chat of their own; the victim
// has an active chat, an ended one, a converted one, a form ticket and a complaint. Every event
// and route that takes a chat id or a ticket reference is fuzzed with the victim's real ids (and
// near misses): always `not_found` (401/404 over REST), never data, nothing changed, nothing
// broadcast to the attacker.

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const fcOptions = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true } as const;

const counter = runCounter();
let server: E2eServer;
let victim: { socket: Socket; token: string };
let attacker: { socket: Socket; token: string };
let attackerChatId = '';
const victimChats: string[] = [];
const victimRefs: string[] = [];
const attackerSaw: { event: string; payload: unknown }[] = [];
/** Strings that only the victim's data contains: none of them may reach the attacker. */
const SECRET_NAME = 'Victoria Secrète';
const SECRET_EMAIL = 'victoria.secrete@example.com';
const SECRET_TEXT = 'Mon mot de passe FTP est hunter2';

const victimStart = (subject: string) => ({ name: SECRET_NAME, email: SECRET_EMAIL, department: 'technical', subject, message: `${SECRET_TEXT} — ${subject}` });

beforeAll(async () => {
  server = await startServer({ policy: permissivePolicy() });
  await server.createAgent({ login: 'iso-agent', name: 'Agent Iso', password: 'iso-password-1', departments: [...DEPARTMENTS], maxChats: 20 });
  const agent = await connectAgent(server.url, 'iso-agent', 'iso-password-1');
  await command(agent.socket, 'agent:status', { status: 'online' });

  victim = await connectVisitor(server.url);
  // an ended chat
  const ended = await command<{ chat: { id: string } }>(victim.socket, 'chat:start', victimStart('Première question'));
  await command(victim.socket, 'chat:end', { chatId: ended.chat.id });
  // a converted chat (ticket carrying the transcript)
  const converted = await command<{ chat: { id: string } }>(victim.socket, 'chat:start', victimStart('Migration longue'));
  await waitAssigned(converted.chat.id);
  const conv = await command<{ ticket: { ref: string } }>(agent.socket, 'chat:convert', { chatId: converted.chat.id });
  // the active chat, with a complaint linked to it
  const active = await command<{ chat: { id: string } }>(victim.socket, 'chat:start', victimStart('Site en panne'));
  await command(victim.socket, 'message:send', { chatId: active.chat.id, clientMessageId: 'v-1', text: SECRET_TEXT });
  const complaint = await command<{ ticket: { ref: string } }>(victim.socket, 'supervisor:request', { chatId: active.chat.id, message: `Plainte : ${SECRET_TEXT}` });
  // an outage ticket from the form (emergency rights belong to the victim only)
  const form = await command<{ ticket: { ref: string } }>(victim.socket, 'ticket:create', { ...victimStart('Mon site est en panne'), department: 'technical' });
  victimChats.push(ended.chat.id, converted.chat.id, active.chat.id);
  victimRefs.push(conv.ticket.ref, complaint.ticket.ref, form.ticket.ref);

  attacker = await connectVisitor(server.url);
  attackerChatId = (await command<{ chat: { id: string } }>(attacker.socket, 'chat:start', {
    name: 'Mallory', email: 'mallory@example.com', department: 'technical', subject: 'Question', message: 'Bonjour',
  })).chat.id;
  attacker.socket.onAny((event: string, payload: unknown) => attackerSaw.push({ event, payload }));
  agent.socket.disconnect();
});

afterAll(async () => {
  victim?.socket.disconnect();
  attacker?.socket.disconnect();
  console.log(counter.summary('isolation fuzz (runs per property, by outcome)'));
  await server?.close();
});

async function waitAssigned(chatId: string) {
  for (let i = 0; i < 200; i++) {
    if ((await server.store.getChat(chatId))?.status === 'active') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('chat was not assigned');
}

/** The victim's data as stored: must not move because of the attacker. */
async function victimState(): Promise<string> {
  const { store } = server;
  const chats = await Promise.all(victimChats.map(async (id) => {
    const c = await store.getChat(id);
    const messages = await store.listMessages(id, 0, { includeInternal: true });
    return `${id}:${c?.status}:${c?.ticketRef}:${c?.agentId}:${messages.length}`;
  }));
  const tickets = await Promise.all(victimRefs.map(async (ref) => {
    const t = await store.getTicket(ref);
    return `${ref}:${t?.status}:${t?.priority}:${t?.chatIds.join('+')}:${t?.visitorIds.length}:${(await store.listTicketEntries(ref)).length}`;
  }));
  const emergencies = (await store.listEmergencies({ limit: 1000 })).map((e) => e.ticketRef);
  return JSON.stringify({ chats, tickets, emergencies });
}

/** Any trace of the victim's data in something the attacker received. */
function leak(value: unknown): string | null {
  const text = JSON.stringify(value) ?? '';
  for (const secret of [SECRET_NAME, SECRET_EMAIL, SECRET_TEXT, ...victimChats, ...victimRefs]) {
    if (text.includes(secret)) return secret;
  }
  return null;
}

/** The victim's ids, exactly or nearly (case, padding, truncation, suffixes). */
function victimIdArb(pool: () => string[]): fc.Arbitrary<{ id: string; exact: boolean }> {
  const real = fc.constantFrom(...pool());
  return fc.oneof(
    { weight: 4, arbitrary: real.map((id) => ({ id, exact: true })) },
    {
      weight: 2,
      arbitrary: fc.tuple(real, fc.constantFrom('upper', 'lower', 'pad', 'trail', 'cut', 'nul', 'star', 'pct', 'sql')).map(([id, how]) => {
        const variant = {
          upper: id.toUpperCase(), lower: id.toLowerCase(), pad: ` ${id} `, trail: `${id}\n`, cut: id.slice(0, -1), nul: `${id}\u0000`,
          star: `${id.slice(0, 8)}*`, pct: `${id.slice(0, 8)}%`, sql: `${id}' OR '1'='1`,
        }[how];
        return { id: variant, exact: variant === id };
      }),
    },
  );
}

describe('fuzz: a visitor cannot reach another visitor\'s chats or tickets', () => {
  it('every chat event with the victim\'s chat ids answers not_found, leaks nothing, changes nothing', async () => {
    const text = fc.oneof(fc.constantFrom('Je prends la main', 'merci'), oddString.filter((s) => s.trim().length > 0 && s.length <= 5000));
    const arb = fc.record({
      target: victimIdArb(() => victimChats),
      event: fc.constantFrom('message:send', 'chat:sync', 'typing:set', 'chat:read', 'chat:end', 'chat:rate', 'supervisor:request'),
      text,
      n: fc.nat({ max: 10 }),
      flag: fc.boolean(),
      cmid: fc.uuid(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ target, event, text: t, n, flag, cmid }) => {
        const chatId = target.id;
        const payload = {
          'message:send': { chatId, clientMessageId: cmid, text: t },
          'chat:sync': { chatId, afterSeq: n },
          'typing:set': { chatId, typing: flag },
          'chat:read': { chatId, seq: n },
          'chat:end': { chatId },
          'chat:rate': { chatId, score: 1 + (n % 5), comment: t.slice(0, 2000) },
          'supervisor:request': { chatId, message: t },
        }[event];
        const before = await victimState();
        const seen = attackerSaw.length;
        const ack = (await attacker.socket.timeout(5_000).emitWithAck(event, payload)) as Ack<unknown>;
        const where = `${event} ${show(payload)} → ${show(ack)}`;
        expect(ackShapeProblem(ack), where).toBeNull();
        const code = ack.ok ? 'ok' : ack.error.code;
        counter.count('socket events on the victim\'s chats', `${target.exact ? 'exact' : 'variant'}→${code}`);
        expect(code, where).toBe('not_found');
        expect(leak(ack), where).toBeNull();
        await new Promise((r) => setTimeout(r, 5));
        expect(leak(attackerSaw.slice(seen)), `${where}: broadcast to the attacker`).toBeNull();
        expect(await victimState(), `${where}: changed the victim's data`).toBe(before);
      }),
      fcOptions,
    );
  });

  it('emergency:raise on the victim\'s tickets answers not_found (with the checklist confirmed)', async () => {
    const arb = fc.record({ target: victimIdArb(() => victimRefs), description: fc.constantFrom('Tout est en panne', 'URGENT') });
    await fc.assert(
      fc.asyncProperty(arb, async ({ target, description }) => {
        const before = await victimState();
        const payload = { ticketRef: target.id, testedOtherDevices: true, testedOtherNetworks: true, description };
        const ack = (await attacker.socket.timeout(5_000).emitWithAck('emergency:raise', payload)) as Ack<unknown>;
        const where = `emergency:raise ${show(payload)} → ${show(ack)}`;
        expect(ackShapeProblem(ack), where).toBeNull();
        const code = ack.ok ? 'ok' : ack.error.code;
        counter.count('emergency:raise on the victim\'s tickets', `${target.exact ? 'exact' : 'variant'}→${code}`);
        expect(code, where).toBe('not_found');
        expect(leak(ack), where).toBeNull();
        expect(await victimState(), where).toBe(before);
      }),
      fcOptions,
    );
  });

  it('REST transcripts and ticket lists: the attacker\'s token (or none, or a forged one) never gets the victim\'s data', async () => {
    const token = fc.oneof(
      { weight: 4, arbitrary: fc.constant(() => attacker.token) },
      { weight: 1, arbitrary: fc.constantFrom(
        () => '', () => victim.token.toUpperCase(), () => victim.token.slice(0, -1), () => `${victim.token}x`,
        () => victim.token.split('').reverse().join(''), () => `${victim.token.slice(0, 10)}*`,
      ) },
    );
    const route = fc.oneof(
      { weight: 3, arbitrary: victimIdArb(() => victimChats).map((t) => ({ kind: 'transcript' as const, ...t })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'tickets' as const, id: '', exact: true }) },
    );
    const format = fc.constantFrom('txt', 'html', undefined);
    await fc.assert(
      fc.asyncProperty(token, route, format, async (tokenOf, r, fmt) => {
        const bearer = tokenOf();
        const path = r.kind === 'tickets'
          ? '/api/visitor/tickets'
          : `/api/visitor/chats/${encodeURIComponent(r.id)}/transcript${fmt ? `?format=${fmt}` : ''}`;
        const res = await http(`${server.url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
        const where = `GET ${path} (${bearer === attacker.token ? 'attacker' : 'forged'} token) → ${res.status} ${res.text.slice(0, 200)}`;
        counter.count('REST as the attacker', `${r.kind}→${res.status}`);
        expect(leak(res.text), where).toBeNull();
        if (r.kind === 'tickets' && bearer === attacker.token) {
          expect(res.status, where).toBe(200);
        } else {
          expect([400, 401, 404], where).toContain(res.status);
          expect(httpErrorProblem(res), where).toBeNull();
        }
      }),
      fcOptions,
    );
    // positive control: the victim reads their own transcript, and the attacker their own
    const own = await http(`${server.url}/api/visitor/chats/${victimChats[2]}/transcript`, { headers: { authorization: `Bearer ${victim.token}` } });
    expect(own.status).toBe(200);
    expect(own.text).toContain(SECRET_TEXT);
    const mine = await http(`${server.url}/api/visitor/chats/${attackerChatId}/transcript`, { headers: { authorization: `Bearer ${attacker.token}` } });
    expect(mine.status).toBe(200);
  });

  it('agent REST routes and the /agent namespace refuse visitor tokens', async () => {
    const paths = fc.constantFrom('/api/tickets', ...victimRefs.map((r) => `/api/tickets/${r}`), ...victimRefs.map((r) => `/api/tickets/${r}/transcript?format=json`), '/api/chats', '/api/team', '/api/agents');
    const token = fc.constantFrom(() => attacker.token, () => victim.token);
    await fc.assert(
      fc.asyncProperty(paths, token, async (path, tokenOf) => {
        const res = await http(`${server.url}${path}`, { headers: { authorization: `Bearer ${tokenOf()}` } });
        counter.count('agent routes with a visitor token', String(res.status));
        expect(res.status, path).toBe(401);
        expect(httpErrorProblem(res)).toBeNull();
        expect(leak(res.text)).toBeNull();
      }),
      { ...fcOptions, numRuns: Math.min(RUNS, 20) },
    );
    const socket = io(`${server.url}/agent`, { auth: { protocol: PROTOCOL_VERSION, token: attacker.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const error = await once<{ data?: { code?: string } }>(socket, 'connect_error');
      expect(error.data?.code).toBe('unauthorized');
    } finally {
      socket.disconnect();
    }
  });

  it('a handshake with a forged visitorToken gets a new identity, never the victim\'s session', async () => {
    const forged = fc.oneof(
      fc.constantFrom(victim.token.toUpperCase(), victim.token.slice(0, -1), `${victim.token} `, `${victim.token}\u0000`, victim.token.slice(1), `${victim.token}${victim.token}`.slice(0, 256)),
      oddString.map((s) => s.slice(0, 256)),
    );
    await fc.assert(
      fc.asyncProperty(forged, async (token) => {
        fc.pre(token !== victim.token);
        const socket = io(`${server.url}/visitor`, { auth: { protocol: PROTOCOL_VERSION, visitorToken: token }, transports: ['websocket'], reconnection: false, forceNew: true });
        try {
          const ready = await once<{ visitorToken: string; activeChat: unknown }>(socket, 'session:ready');
          counter.count('forged visitor handshakes', ready.activeChat === null ? 'new identity' : 'resumed');
          expect(ready.visitorToken).not.toBe(victim.token);
          expect(ready.activeChat, show(token)).toBeNull();
          expect(leak(ready), show(token)).toBeNull();
        } finally {
          socket.disconnect();
        }
      }),
      { ...fcOptions, numRuns: Math.min(RUNS, 30) },
    );
  });

  it('the victim still owns and sees all of it afterwards', async () => {
    const sync = await command<{ chat: { id: string; status: string }; messages: { text: string }[] }>(victim.socket, 'chat:sync', { chatId: victimChats[2], afterSeq: 0 });
    expect(sync.chat.status).not.toBe('ended');
    expect(sync.messages.map((m) => m.text)).toContain(SECRET_TEXT);
    expect(leak(attackerSaw), 'something of the victim reached the attacker socket').toBeNull();
  });
});
