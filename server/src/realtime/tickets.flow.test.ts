import { randomUUID } from 'node:crypto';
import { parsePolicy, type ChatView, type Message, type Policy, type TicketHistoryEntry, type TicketView } from '@besoin/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { call, callOk, chatStart, nextEvent, startTestServer, waitFor, type TestServer } from '../test/support';

// Long conversations become tickets carrying the transcript (DESIGN §5 rules 1, 2, 5).

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

function policy(longChat: Partial<Policy['longChat']> = {}): Policy {
  return parsePolicy({ longChat: { suggestAfterMinutes: 600, suggestAfterMessages: 1000, autoConvertAfterMinutes: 1200, ...longChat }, sweepSeconds: 0.1 });
}

async function setup(p: Policy, email = 'alice@example.com') {
  server = await startTestServer({ policy: p });
  await server.createAgent({ login: 'karim', name: 'Karim', departments: ['technical', 'billing'] });
  const agent = await server.agent('karim');
  await callOk(agent.socket, 'agent:status', { status: 'online' });
  return { agent, ...(await openChat(agent, email)) };
}

async function openChat(agent: Awaited<ReturnType<TestServer['agent']>>, email: string, overrides: Record<string, unknown> = {}) {
  const visitor = await server.visitor();
  const assigned = nextEvent<{ chat: ChatView }>(agent.socket, 'chat:assigned');
  const { chat } = await callOk<{ chat: ChatView }>(visitor.socket, 'chat:start', chatStart({ email, ...overrides }));
  await assigned;
  return { visitor, chat };
}

const send = (socket: Parameters<typeof callOk>[0], chatId: string, text: string, internal?: boolean) =>
  callOk<{ message: Message }>(socket, 'message:send', { chatId, clientMessageId: randomUUID(), text, ...(internal ? { internal } : {}) });

async function api<T>(token: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: T; text: string; type: string | null }> {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body: body as T, text, type: res.headers.get('content-type') };
}

describe('long-conversation detection', () => {
  it('flags a chat by its number of messages: chat:long to the agent, a French system message and chat:updated to the visitor', async () => {
    const { agent, visitor, chat } = await setup(policy({ suggestAfterMessages: 4 }));
    const long = nextEvent<{ chatId: string; minutes: number; messages: number }>(agent.socket, 'chat:long');
    const updates: ChatView[] = [];
    visitor.socket.on('chat:updated', ({ chat: c }: { chat: ChatView }) => updates.push(c));
    await send(agent.socket, chat.id, 'Bonjour');
    await send(visitor.socket, chat.id, 'Mon site est lent');
    await send(agent.socket, chat.id, 'Je regarde.');
    expect(await long).toEqual({ chatId: chat.id, minutes: 0, messages: 4 });
    expect((await waitFor(() => updates.find((c) => c.long))).long).toMatchObject({ messages: 4 });
    const { messages } = await callOk<{ messages: Message[] }>(visitor.socket, 'chat:sync', { chatId: chat.id, afterSeq: 0 });
    expect(messages.at(-1)).toMatchObject({ author: { role: 'system' } });
    expect(messages.at(-1)!.text).toContain('sous forme de ticket');
  });

  it('flags by time and converts by itself after autoConvertAfterMinutes', async () => {
    const { agent, visitor, chat } = await setup(policy({ suggestAfterMinutes: 0.004, autoConvertAfterMinutes: 0.012 }));
    const long = await nextEvent<{ chatId: string }>(agent.socket, 'chat:long', 3000);
    expect(long.chatId).toBe(chat.id);
    const converted = await nextEvent<{ chatId: string; ticket: TicketView }>(visitor.socket, 'chat:converted', 4000);
    expect(converted.ticket).toMatchObject({ ref: expect.stringMatching(/^TCK-\d{4}-\d{6}$/), source: 'chat', chatIds: [chat.id], status: 'open' });
    expect((await server.store.getChat(chat.id))).toMatchObject({ status: 'converted', ticketRef: converted.ticket.ref });
    expect(await server.store.countActiveChats(agent.ready.agent.id)).toBe(0);
  });
});

describe('chat:convert', () => {
  it('creates one ticket with triage and the SLA due time, idempotently under concurrent clicks', async () => {
    const { agent, visitor, chat } = await setup(policy());
    await send(visitor.socket, chat.id, 'Erreur 500 sur tout le site');
    await send(agent.socket, chat.id, 'Note pour l’équipe : serveur web01', true);
    const converted = nextEvent<{ ticket: TicketView }>(visitor.socket, 'chat:converted');
    const created = nextEvent<{ ticket: TicketView }>(agent.socket, 'ticket:created');
    const results = await Promise.all(Array.from({ length: 5 }, () => callOk<{ ticket: TicketView; merged: boolean }>(agent.socket, 'chat:convert', { chatId: chat.id })));
    expect(new Set(results.map((r) => r.ticket.ref)).size).toBe(1);
    expect(results.every((r) => r.merged === false)).toBe(true);
    const ticket = results[0]!.ticket;
    expect(ticket).toMatchObject({ subject: 'Site en panne', department: 'technical', source: 'chat', chatIds: [chat.id], escalationLevel: 0 });
    // 4 hours, wall clock for technical
    expect(Date.parse(ticket.firstResponseDueAt) - Date.parse(ticket.createdAt)).toBe(4 * 3600_000);
    expect((await converted).ticket.ref).toBe(ticket.ref);
    expect((await created).ticket.ref).toBe(ticket.ref);
    const list = await api<{ total: number }>(agent.token, '/api/tickets');
    expect(list.body.total).toBe(1);
    expect(await call(visitor.socket, 'message:send', { chatId: chat.id, clientMessageId: randomUUID(), text: 'encore' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('appends to the requester’s open ticket of the same department (rule 2), a new ticket for another department', async () => {
    const { agent, visitor } = await setup(policy());
    const first = await callOk<{ ticket: TicketView; merged: boolean }>(visitor.socket, 'ticket:create', {
      name: 'Alice Martin', email: 'ALICE@example.com', department: 'technical', subject: 'Site lent', message: 'Le site est très lent depuis hier.',
    });
    expect(first.merged).toBe(false);
    // the chat opened by setup (same e-mail, other case) is converted: merged into the form ticket
    const chatId = (await server.store.getOpenChatOfVisitor((await server.store.listActiveChatsOfAgent(agent.ready.agent.id))[0]!.visitorId))!.id;
    const merged = await callOk<{ ticket: TicketView; merged: boolean }>(agent.socket, 'chat:convert', { chatId });
    expect(merged).toMatchObject({ merged: true, ticket: { ref: first.ticket.ref, chatIds: [chatId] } });
    const detail = await api<{ history: TicketHistoryEntry[] }>(agent.token, `/api/tickets/${first.ticket.ref}`);
    expect(detail.body.history.map((e) => e.kind)).toEqual(['created', 'merged', 'transcript']);
    expect(detail.body.history[2]!.messages!.length).toBeGreaterThan(1);
    // another department: a new ticket
    const billing = await callOk<{ ticket: TicketView; merged: boolean }>(visitor.socket, 'ticket:create', {
      name: 'Alice Martin', email: 'alice@example.com', department: 'billing', subject: 'Facture', message: 'Une question sur ma facture.',
    });
    expect(billing.merged).toBe(false);
    expect(billing.ticket.ref).not.toBe(first.ticket.ref);
    expect(billing.ticket.priority).toBe('low');
    expect(await call(visitor.socket, 'ticket:create', { name: 'A', email: 'bad', department: 'technical', subject: 's', message: 'm' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});

describe('transcripts and ticket REST', () => {
  it('gives the whole conversation, in order, in txt, html and json; the visitor’s copy has no internal note', async () => {
    const { agent, visitor, chat } = await setup(policy());
    await send(visitor.socket, chat.id, 'Ma page affiche <script>alert(1)</script>');
    await send(agent.socket, chat.id, 'Note : vérifier le WAF', true);
    await send(agent.socket, chat.id, 'Je transmets à l’équipe système.');
    const { ticket } = await callOk<{ ticket: TicketView }>(agent.socket, 'chat:convert', { chatId: chat.id, priority: 'high' });
    expect(ticket.priority).toBe('high');

    const json = await api<{ ticket: TicketView; messages: Message[] }>(agent.token, `/api/tickets/${ticket.ref}/transcript?format=json`);
    const seqs = json.body.messages.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(json.body.messages.every((m) => m.chatId === chat.id)).toBe(true);
    expect(json.body.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['Bonjour, mon site ne répond plus.', 'Note : vérifier le WAF', 'Je transmets à l’équipe système.']));
    expect(json.body.messages.find((m) => m.text === 'Note : vérifier le WAF')?.internal).toBe(true);

    const txt = await api<null>(agent.token, `/api/tickets/${ticket.ref}/transcript?format=txt`);
    expect(txt.type).toBe('text/plain; charset=utf-8');
    const order = ['Bonjour, mon site ne répond plus.', 'Ma page affiche <script>', '[note interne] : Note : vérifier le WAF', 'Je transmets à l’équipe système.'];
    const positions = order.map((s) => txt.text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const html = await api<null>(agent.token, `/api/tickets/${ticket.ref}/transcript?format=html`);
    expect(html.type).toContain('text/html');
    expect(html.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.text).not.toContain('<script>alert(1)');

    const token = visitor.ready.visitorToken;
    const own = await fetch(`${server.url}/api/visitor/chats/${chat.id}/transcript?format=txt`, { headers: { authorization: `Bearer ${token}` } });
    const ownText = await own.text();
    expect(own.status).toBe(200);
    expect(ownText).toContain('Je transmets à l’équipe système.');
    expect(ownText).not.toContain('WAF');
    const stranger = await server.visitor();
    const denied = await fetch(`${server.url}/api/visitor/chats/${chat.id}/transcript`, { headers: { authorization: `Bearer ${stranger.ready.visitorToken}` } });
    expect(denied.status).toBe(404);
    expect((await fetch(`${server.url}/api/visitor/chats/${chat.id}/transcript`)).status).toBe(401);
  });

  it('lists with filters and search, patches, and the first reply sets firstRespondedAt', async () => {
    const { agent, visitor, chat } = await setup(policy());
    await send(visitor.socket, chat.id, 'Le certificat TLS a expiré');
    const { ticket } = await callOk<{ ticket: TicketView }>(agent.socket, 'chat:convert', { chatId: chat.id });
    const found = await api<{ tickets: TicketView[]; total: number }>(agent.token, '/api/tickets?q=certificat');
    expect(found.body.tickets.map((t) => t.ref)).toEqual([ticket.ref]);
    expect((await api<{ total: number }>(agent.token, '/api/tickets?q=inexistant')).body.total).toBe(0);
    expect((await api<{ total: number }>(agent.token, '/api/tickets?status=closed')).body.total).toBe(0);
    expect((await api<unknown>(agent.token, '/api/tickets?priority=urgent')).status).toBe(400);

    const patched = await api<{ ticket: TicketView }>(agent.token, `/api/tickets/${ticket.ref}`, { method: 'PATCH', body: JSON.stringify({ status: 'pending', assigneeId: agent.ready.agent.id }) });
    expect(patched.body.ticket).toMatchObject({ status: 'pending', assigneeId: agent.ready.agent.id });
    const reply = await api<{ reply: TicketHistoryEntry }>(agent.token, `/api/tickets/${ticket.ref}/replies`, { method: 'POST', body: JSON.stringify({ text: 'Certificat renouvelé.' }) });
    expect(reply.status).toBe(201);
    expect(reply.body.reply).toMatchObject({ kind: 'reply', text: 'Certificat renouvelé.', author: { name: 'Karim' } });
    const after = await api<{ ticket: TicketView; history: TicketHistoryEntry[] }>(agent.token, `/api/tickets/${ticket.ref}`);
    expect(after.body.ticket.firstRespondedAt).toBeTruthy();
    expect(after.body.history.map((e) => e.kind)).toEqual(['created', 'transcript', 'status', 'assignee', 'reply']);

    await server.createAgent({ login: 'lina', departments: ['sales'] });
    const other = await server.agent('lina');
    expect((await api<unknown>(other.token, `/api/tickets/${ticket.ref}`)).status).toBe(404);
    expect((await api<{ total: number }>(other.token, '/api/tickets')).body.total).toBe(0);
    expect((await api<unknown>(agent.token, '/api/tickets/TCK-2026-999999')).status).toBe(404);
    expect((await api<unknown>(agent.token, '/api/tickets/not-a-ref')).status).toBe(400);
  });
});
