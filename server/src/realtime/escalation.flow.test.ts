import { createHmac, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePolicy, type ChatView, type Message, type Policy, type TicketView } from '@besoin/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { call, callOk, chatStart, nextEvent, startTestServer, waitFor, type TestServer } from '../test/support';

// Rules 5–9 with a fast policy: escalation without anyone watching, complaints, emergencies,
// and webhooks checked by a real HTTP receiver.

let server: TestServer | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  receiver = undefined;
});

const SECRET = 'test-webhook-secret-0123456789';

interface Received { type: string; data: Record<string, unknown>; signatureOk: boolean }

/** A real HTTP receiver that checks every signature; fails the first `failFirst` requests with 500. */
async function startReceiver(failFirst = 0) {
  const received: Received[] = [];
  let failures = failFirst;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (failures > 0) {
        failures -= 1;
        res.writeHead(500).end();
        return;
      }
      const expected = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
      const body = JSON.parse(raw) as { type: string; data: Record<string, unknown>; id: string; createdAt: string };
      received.push({ type: body.type, data: body.data, signatureOk: req.headers['x-signature'] === expected && Boolean(body.id && body.createdAt) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, received };
}

function fastPolicy(firstResponseMinutes = 0.01): Policy {
  return parsePolicy({
    sweepSeconds: 0.05,
    departments: [{ id: 'technical', firstResponseMinutes }, { id: 'billing', firstResponseMinutes, hours: 'always' }],
  });
}

const form = (overrides: Record<string, unknown> = {}) => ({
  name: 'Alice Martin', email: 'alice@example.com', department: 'technical', subject: 'Site en panne', message: 'Mon site est hors service.', ...overrides,
});

describe('SLA escalation', () => {
  it('raises the priority at each missed window, tells supervisors, stops at the first reply', async () => {
    const hooks = await startReceiver(1);
    server = await startTestServer({ policy: fastPolicy(0.01), webhook: { url: hooks.url, secret: SECRET, retryDelaysMs: [50, 50] } });
    await server.createAgent({ login: 'sup', role: 'supervisor', departments: ['technical'] });
    const sup = await server.agent('sup');
    const breaches: TicketView[] = [];
    sup.socket.on('sla:breached', ({ ticket }: { ticket: TicketView }) => breaches.push(ticket));
    const visitor = await server.visitor();
    const { ticket } = await callOk<{ ticket: TicketView }>(visitor.socket, 'ticket:create', form({ subject: 'Lenteurs', message: 'Le site est lent.' }));
    expect(ticket).toMatchObject({ priority: 'normal', escalationLevel: 0 });
    await waitFor(() => breaches.length >= 2, 5000, 'two breaches');
    expect(breaches[0]).toMatchObject({ ref: ticket.ref, priority: 'high', escalationLevel: 1 });
    expect(breaches[1]).toMatchObject({ priority: 'critical', escalationLevel: 2 });
    expect(Date.parse(breaches[1]!.firstResponseDueAt)).toBeGreaterThan(Date.parse(breaches[0]!.firstResponseDueAt));

    const res = await fetch(`${server.url}/api/tickets/${ticket.ref}/replies`, {
      method: 'POST', headers: { authorization: `Bearer ${sup.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Nous regardons.' }),
    });
    expect(res.status).toBe(201);
    const level = (await server.store.getTicket(ticket.ref))!.escalationLevel;
    await new Promise((r) => setTimeout(r, 1500));
    const after = (await server.store.getTicket(ticket.ref))!;
    expect(after.escalationLevel).toBe(level);
    expect(after.priority).toBe('critical');

    await server.app.webhooks!.idle();
    expect(hooks.received.length).toBeGreaterThanOrEqual(3);
    expect(hooks.received.every((r) => r.signatureOk)).toBe(true);
    expect(hooks.received.map((r) => r.type)).toEqual(expect.arrayContaining(['ticket.created', 'ticket.escalated', 'ticket.updated']));
  });

  it('catches up on every missed window after a restart', async () => {
    server = await startTestServer({ policy: fastPolicy(0.02) });
    const dataDir = server.dataDir;
    const visitor = await server.visitor();
    const { ticket } = await callOk<{ ticket: TicketView }>(visitor.socket, 'ticket:create', form({ subject: 'Question', message: 'Une question technique.' }));
    await server.close({ keepData: true });
    server = undefined;
    await new Promise((r) => setTimeout(r, 3700)); // three windows of 1.2 s pass while down
    server = await startTestServer({ policy: fastPolicy(0.02), dataDir });
    const caught = await waitFor(async () => {
      const t = await server!.store.getTicket(ticket.ref);
      return t && t.escalationLevel >= 3 ? t : null;
    }, 3000, 'catch-up');
    expect(caught.priority).toBe('critical');
    expect(Date.parse(caught.firstResponseDueAt)).toBeGreaterThan(Date.now() - 1200);
    await server.close();
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('complaints and emergencies', () => {
  it('routes a complaint to supervisors as a high-priority ticket linked to the chat', async () => {
    server = await startTestServer({ policy: parsePolicy({}) });
    await server.createAgent({ login: 'karim', departments: ['technical'] });
    await server.createAgent({ login: 'sup', role: 'supervisor', departments: ['billing'] });
    const agent = await server.agent('karim');
    const sup = await server.agent('sup');
    await callOk(agent.socket, 'agent:status', { status: 'online' });
    const visitor = await server.visitor();
    const { chat } = await callOk<{ chat: ChatView }>(visitor.socket, 'chat:start', chatStart());
    const toSup = nextEvent<{ ticket: TicketView }>(sup.socket, 'ticket:created');
    const agentSaw: unknown[] = [];
    agent.socket.on('ticket:created', (p) => agentSaw.push(p));
    const { ticket } = await callOk<{ ticket: TicketView }>(visitor.socket, 'supervisor:request', { chatId: chat.id, message: 'Je veux parler à un responsable.' });
    expect(ticket).toMatchObject({ category: 'complaint', priority: 'high', source: 'complaint', department: 'technical', chatIds: [chat.id] });
    expect((await toSup).ticket.ref).toBe(ticket.ref);
    expect(agentSaw).toEqual([]);
    expect((await server.store.getChat(chat.id))?.status).toBe('active');
    // without a chat, name and e-mail are required
    expect(await call(visitor.socket, 'supervisor:request', { message: 'Plainte' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const other = await callOk<{ ticket: TicketView }>(visitor.socket, 'supervisor:request', { name: 'Bob', email: 'bob@example.com', message: 'Plainte' });
    expect(other.ticket.ref).not.toBe(ticket.ref);
    // a supervisor joins visibly and follows the chat
    const joined = await callOk<{ chat: ChatView; messages: Message[] }>(sup.socket, 'chat:join', { chatId: chat.id });
    expect(joined.messages.at(-1)?.text).toContain('(superviseur) a rejoint la discussion');
    const followed = nextEvent<{ message: Message }>(sup.socket, 'message:created');
    await callOk(visitor.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: 'Merci de venir.' });
    expect((await followed).message.text).toBe('Merci de venir.');
    expect(await call(agent.socket, 'chat:join', { chatId: chat.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('gates emergencies: outage ticket of this visitor, checklist, one per ticket, two per requester per day', async () => {
    const hooks = await startReceiver();
    server = await startTestServer({ policy: parsePolicy({}), webhook: { url: hooks.url, secret: SECRET } });
    await server.createAgent({ login: 'admin', role: 'admin', departments: ['technical'] });
    const admin = await server.agent('admin');
    const visitor = await server.visitor();
    const outage = async (email: string) =>
      (await callOk<{ ticket: TicketView }>(visitor.socket, 'ticket:create', form({ email, message: 'Le serveur est inaccessible, erreur 503.' }))).ticket;
    const raise = (ticketRef: string, over: Record<string, unknown> = {}, socket = visitor.socket) =>
      call(socket, 'emergency:raise', { ticketRef, testedOtherDevices: true, testedOtherNetworks: true, description: 'Tout est en panne.', ...over });

    const t1 = await outage('alice@example.com');
    expect(t1.category).toBe('outage');
    const notOutage = await callOk<{ ticket: TicketView }>(visitor.socket, 'ticket:create', form({ department: 'billing', subject: 'Facture', message: 'Question de facture.' }));
    expect(await raise(notOutage.ticket.ref)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await raise(t1.ref, { testedOtherNetworks: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const stranger = await server.visitor();
    expect(await raise(t1.ref, {}, stranger.socket)).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const alarm = nextEvent<{ ticket: TicketView; emergencyId: string }>(admin.socket, 'emergency:raised');
    const ok = await raise(t1.ref);
    expect(ok).toMatchObject({ ok: true, data: { emergencyId: expect.any(String) } });
    expect((await alarm).ticket.ref).toBe(t1.ref);
    expect(await raise(t1.ref)).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // the same requester (e-mail in another case) on later outage tickets: the third emergency in 24 h is refused
    const resolve = (ref: string) => fetch(`${server!.url}/api/tickets/${ref}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'resolved' }),
    });
    expect((await resolve(t1.ref)).status).toBe(200);
    const t2 = await outage('ALICE@example.com');
    expect(t2.ref).not.toBe(t1.ref);
    expect(await raise(t2.ref)).toMatchObject({ ok: true });
    await resolve(t2.ref);
    const t3 = await outage('Alice@Example.com');
    const limited = await raise(t3.ref);
    expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited', details: { retryAfterMs: expect.any(Number) } } });
    expect(await raise(t1.ref)).toMatchObject({ ok: false }); // resolved: no longer open
    const emergencies = await fetch(`${server.url}/api/emergencies`, { headers: { authorization: `Bearer ${admin.token}` } });
    const list = (await emergencies.json()) as { emergencies: { id: string; ticketRef: string }[] };
    expect(list.emergencies.map((e) => e.ticketRef)).toEqual([t2.ref, t1.ref]);
    const marked = await fetch(`${server.url}/api/emergencies/${list.emergencies[0]!.id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ abuse: true }),
    });
    expect(((await marked.json()) as { emergency: { abuse: boolean } }).emergency.abuse).toBe(true);
    await server.app.webhooks!.idle();
    const emergencyHook = hooks.received.find((r) => r.type === 'emergency.raised');
    expect(emergencyHook?.signatureOk).toBe(true);
  });
});
