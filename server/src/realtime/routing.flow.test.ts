import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, parsePolicy, type ChatView, type Department, type Message, type Policy } from '@besoin/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { call, callOk, chatStart, nextEvent, startTestServer, waitFor, type TestServer } from '../test/support';

// Routing with real sockets and a policy whose delays are fractions of a second.

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

function fastPolicy(routing: Partial<Policy['routing']> = {}, extra: Record<string, unknown> = {}): Policy {
  return parsePolicy({ routing: { agentGraceSeconds: 0.4, answerTimeoutSeconds: 30, ...routing }, sweepSeconds: 0.2, ...extra });
}

async function online(login: string, departments: Department[] = ['technical'], maxChats?: number) {
  await server.createAgent({ login, name: `Agent ${login}`, departments, ...(maxChats ? { maxChats } : {}) });
  const agent = await server.agent(login);
  await callOk(agent.socket, 'agent:status', { status: 'online' });
  return agent;
}

async function startChat(overrides: Record<string, unknown> = {}) {
  const visitor = await server.visitor();
  const { chat } = await callOk<{ chat: ChatView }>(visitor.socket, 'chat:start', chatStart({ email: `${randomUUID()}@example.com`, ...overrides }));
  return { visitor, chat };
}

const reply = (socket: Parameters<typeof callOk>[0], chatId: string, text = 'Bonjour') =>
  callOk(socket, 'message:send', { chatId, clientMessageId: randomUUID(), text });

describe('assignment', () => {
  it('gives the chat to the least-loaded agent, ties to the one longest without an assignment', async () => {
    server = await startTestServer({ policy: fastPolicy() });
    const a = await online('a');
    const b = await online('b');
    const first = await startChat();
    const holderOf = async (chatId: string) => waitFor(async () => (await server.store.getChat(chatId))?.agentId);
    const firstHolder = await holderOf(first.chat.id);
    const second = await startChat();
    const secondHolder = await holderOf(second.chat.id);
    expect(new Set([firstHolder, secondHolder])).toEqual(new Set([a.ready.agent.id, b.ready.agent.id]));
    const third = await startChat();
    // both hold one; the one assigned longest ago (the first holder) gets the third
    expect(await holderOf(third.chat.id)).toBe(firstHolder);
  });

  it('queues beyond capacity with live positions and assigns when a slot frees', async () => {
    server = await startTestServer({ policy: fastPolicy() });
    const agent = await online('solo', ['technical'], 1);
    const c1 = await startChat();
    await waitFor(async () => (await server.store.getChat(c1.chat.id))?.status === 'active');
    const c2 = await startChat();
    const c3 = await startChat();
    expect(c2.chat).toMatchObject({ status: 'queued', queuePosition: 1 });
    expect(c3.chat).toMatchObject({ status: 'queued', queuePosition: 2 });
    expect(c3.chat.etaSeconds).toBeGreaterThan(c2.chat.etaSeconds!);
    const updates: ChatView[] = [];
    c3.visitor.socket.on('chat:updated', ({ chat }: { chat: ChatView }) => updates.push(chat));
    await callOk(agent.socket, 'chat:close', { chatId: c1.chat.id });
    // the third visitor is told live that they moved up
    await waitFor(() => updates.at(-1)?.queuePosition === 1, 3000, 'position 1 pushed to the visitor');
    expect((await server.store.getChat(c2.chat.id))?.status).toBe('active');
    const queues = await fetch(`${server.url}/api/queues`, { headers: { authorization: `Bearer ${agent.token}` } });
    const body = (await queues.json()) as { queues: { department: string; waiting: number; chats: ChatView[] }[] };
    expect(body.queues).toHaveLength(1);
    expect(body.queues[0]).toMatchObject({ department: 'technical', waiting: 1 });
    expect(body.queues[0]!.chats.map((c) => c.id)).toEqual([c3.chat.id]);
  });

  it('never routes to an agent who is away, or online but not connected', async () => {
    server = await startTestServer({ policy: fastPolicy() });
    const away = await online('away-one');
    await callOk(away.socket, 'agent:status', { status: 'away' });
    const c = await startChat();
    await new Promise((r) => setTimeout(r, 200));
    expect((await server.store.getChat(c.chat.id))?.status).toBe('queued');
    const assigned = nextEvent<{ chat: ChatView }>(away.socket, 'chat:assigned');
    await callOk(away.socket, 'agent:status', { status: 'online' });
    expect((await assigned).chat.id).toBe(c.chat.id);
  });
});

describe('queue counts', () => {
  it('sends queue:updated to the department when the counts change, at most once a second, not after every routing pass', async () => {
    server = await startTestServer({ policy: fastPolicy({}, { sweepSeconds: 30 }) });
    const a = await online('a', ['technical'], 1);
    await server.createAgent({ login: 'watcher', departments: ['technical'] });
    const watcher = await server.agent('watcher'); // away: gets the department's counts, no chats
    const counts: { waiting: number; at: number }[] = [];
    watcher.socket.on('queue:updated', (summary: { waiting: number }) => counts.push({ waiting: summary.waiting, at: performance.now() }));
    const first = await startChat();
    await waitFor(async () => (await server.store.getChat(first.chat.id))?.agentId === a.ready.agent.id);
    // Three chats wait, started back to back: the counts follow within a second, coalesced.
    await Promise.all([startChat(), startChat(), startChat()]);
    await waitFor(() => counts.at(-1)?.waiting === 3, 3000);
    const waitingCounts = counts.filter((c) => c.waiting > 0);
    expect(waitingCounts.length).toBeLessThanOrEqual(2);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!.at - counts[i - 1]!.at).toBeGreaterThan(900);
    // Routing passes that change nothing (the agent says "online" again, a message) send nothing.
    const sent = counts.length;
    for (let i = 0; i < 3; i++) await callOk(a.socket, 'agent:status', { status: 'online' });
    await reply(a.socket, first.chat.id);
    await new Promise((r) => setTimeout(r, 1500));
    expect(counts).toHaveLength(sent);
    // The slot frees: a waiting chat is served and the count drops.
    await callOk(a.socket, 'chat:close', { chatId: first.chat.id });
    await waitFor(() => counts.at(-1)?.waiting === 2, 3000);
  });
});

describe('pick and transfer', () => {
  it('lets an agent pick a queued chat, and refuses a taken one', async () => {
    server = await startTestServer({ policy: fastPolicy() });
    await server.createAgent({ login: 'picker', departments: ['technical'] });
    const picker = await server.agent('picker'); // away: nothing is routed to them
    const c = await startChat();
    const picked = await callOk<{ chat: ChatView }>(picker.socket, 'chat:pick', { chatId: c.chat.id });
    expect(picked.chat).toMatchObject({ status: 'active', agent: { id: picker.ready.agent.id } });
    expect(await call(picker.socket, 'chat:pick', { chatId: c.chat.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await server.createAgent({ login: 'billing-only', departments: ['billing'] });
    const other = await server.agent('billing-only');
    const c2 = await startChat();
    expect(await call(other.socket, 'chat:pick', { chatId: c2.chat.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('transfers to an agent with room and to a department', async () => {
    server = await startTestServer({ policy: fastPolicy() });
    const a = await online('a', ['technical', 'billing'], 1);
    const c = await startChat();
    await waitFor(async () => (await server.store.getChat(c.chat.id))?.agentId === a.ready.agent.id);
    const b = await online('b', ['technical'], 1);
    const assignedToB = nextEvent<{ chat: ChatView; messages: Message[] }>(b.socket, 'chat:assigned');
    const removedFromA = nextEvent<{ chat: ChatView }>(a.socket, 'chat:updated');
    const moved = await callOk<{ chat: ChatView }>(a.socket, 'chat:transfer', { chatId: c.chat.id, toAgentId: b.ready.agent.id });
    expect(moved.chat.agent?.id).toBe(b.ready.agent.id);
    const got = await assignedToB;
    expect(got.messages.at(-1)?.text).toContain('a transféré la discussion à Agent b');
    expect((await removedFromA).chat.agent?.id).toBe(b.ready.agent.id);
    // The new agent may type at once (typing is authorised from a short-lived cache; a refusal is re-checked).
    expect(await call(b.socket, 'typing:set', { chatId: c.chat.id, typing: true })).toMatchObject({ ok: true });
    // b is full now: a transfer to b is refused
    const c2 = await startChat();
    await waitFor(async () => (await server.store.getChat(c2.chat.id))?.agentId === a.ready.agent.id);
    expect(await call(a.socket, 'chat:transfer', { chatId: c2.chat.id, toAgentId: b.ready.agent.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // to a department: billing has only `a`, who is the sender and has a free slot after the transfer
    const toBilling = await callOk<{ chat: ChatView }>(a.socket, 'chat:transfer', { chatId: c2.chat.id, toDepartment: 'billing' });
    expect(toBilling.chat.department).toBe('billing');
    expect(await call(a.socket, 'chat:transfer', { chatId: c2.chat.id })).toMatchObject({ ok: false });
  });
});

describe('grace, answer timeout, idle', () => {
  it('keeps chats through a reconnect within the grace period, re-queues at the front after it', async () => {
    server = await startTestServer({ policy: fastPolicy({ agentGraceSeconds: 0.5 }) });
    const a = await online('a');
    const c = await startChat();
    await waitFor(async () => (await server.store.getChat(c.chat.id))?.status === 'active');
    await reply(a.socket, c.chat.id);
    a.socket.disconnect();
    await new Promise((r) => setTimeout(r, 150));
    const back = await server.agent('a');
    expect(back.ready.chats.map((x) => (x as ChatView).id)).toEqual([c.chat.id]);
    await new Promise((r) => setTimeout(r, 700));
    expect((await server.store.getChat(c.chat.id))?.agentId).toBe(a.ready.agent.id);

    const told = waitFor(async () => {
      const s = await callOk<{ chat: ChatView; messages: Message[] }>(c.visitor.socket, 'chat:sync', { chatId: c.chat.id, afterSeq: 0 });
      return s.chat.status === 'queued' && s.messages.some((m) => m.text.includes('déconnecté')) ? s : null;
    }, 4000);
    back.socket.disconnect();
    const synced = await told;
    expect(synced.chat.queuePosition).toBe(1);
    expect((await server.store.getAgent(a.ready.agent.id))?.status).toBe('offline');
  });

  it('moves an unanswered chat to the next agent and sets the first agent away', async () => {
    server = await startTestServer({ policy: fastPolicy({ answerTimeoutSeconds: 0.4 }) });
    const slow = await online('slow');
    const c = await startChat();
    await waitFor(async () => (await server.store.getChat(c.chat.id))?.agentId === slow.ready.agent.id);
    const fast = await online('fast');
    const awayNotice = waitFor(async () => (await server.store.getAgent(slow.ready.agent.id))?.status === 'away', 3000);
    const reassigned = await nextEvent<{ chat: ChatView }>(fast.socket, 'chat:assigned', 3000);
    expect(reassigned.chat.id).toBe(c.chat.id);
    await awayNotice;
    await reply(fast.socket, c.chat.id);
    await new Promise((r) => setTimeout(r, 700));
    expect((await server.store.getChat(c.chat.id))?.agentId).toBe(fast.ready.agent.id);
  });

  it('ends a chat politely when the visitor stays silent after the agent', async () => {
    server = await startTestServer({ policy: fastPolicy({ visitorIdleMinutes: 0.01 }) });
    const a = await online('a');
    const c = await startChat();
    await waitFor(async () => (await server.store.getChat(c.chat.id))?.status === 'active');
    await reply(a.socket, c.chat.id, 'Vous êtes toujours là ?');
    const ended = await waitFor(async () => {
      const chat = await server.store.getChat(c.chat.id);
      return chat?.status === 'ended' ? chat : null;
    }, 3000);
    expect(ended.endedAt).toBeTruthy();
    const messages = await server.store.listMessages(c.chat.id, 0, { includeInternal: false });
    expect(messages.at(-1)?.text).toContain('Sans nouvelles de votre part');
  });

  it('offers the ticket form when nobody is online for a while', async () => {
    server = await startTestServer({ policy: fastPolicy({ noAgentTicketOfferMinutes: 0.005 }) });
    const c = await startChat();
    const offered = await waitFor(async () => {
      const s = await callOk<{ chat: ChatView }>(c.visitor.socket, 'chat:sync', { chatId: c.chat.id, afterSeq: 0 });
      return s.chat.offerTicket ? s.chat : null;
    }, 3000);
    expect(offered.status).toBe('queued');
  });
});

describe('hours and rule 4', () => {
  const todayInTunis = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Tunis' }).format(new Date());

  it('answers department_closed with nextOpeningAt, lists hours publicly, and sends suspended accounts to technical', async () => {
    server = await startTestServer({ policy: parsePolicy({ holidays: [todayInTunis] }) });
    const deps = (await (await fetch(`${server.url}/api/public/departments`)).json()) as { id: string; open: boolean; nextOpeningAt: string | null; hours: unknown }[];
    expect(deps.map((d) => d.id)).toEqual(['technical', 'billing', 'sales']);
    expect(deps[0]).toMatchObject({ open: true, nextOpeningAt: null, hours: 'always' });
    expect(deps[1]).toMatchObject({ open: false, hours: DEFAULT_POLICY.departments[1]!.hours });
    expect(Date.parse(deps[1]!.nextOpeningAt!)).toBeGreaterThan(Date.now());

    const visitor = await server.visitor();
    const closed = await call(visitor.socket, 'chat:start', chatStart({ department: 'billing', subject: 'Question sur ma facture', message: 'Bonjour, une question sur ma facture.' }));
    expect(closed).toMatchObject({ ok: false, error: { code: 'department_closed', details: { nextOpeningAt: deps[1]!.nextOpeningAt } } });

    const tech = await online('tech');
    const assigned = nextEvent<{ chat: ChatView; messages: Message[] }>(tech.socket, 'chat:assigned');
    const rule4 = await callOk<{ chat: ChatView }>(visitor.socket, 'chat:start', chatStart({ department: 'billing', subject: 'Compte suspendu', message: 'Mon compte est suspendu pour une facture impayée, mon site ne marche plus.' }));
    expect(rule4.chat.department).toBe('technical');
    const got = await assigned;
    expect(got.chat.priority).toMatch(/high|critical/);
    expect(got.messages.some((m) => m.author.role === 'system' && m.text.includes('service Technique'))).toBe(true);
  });
});
