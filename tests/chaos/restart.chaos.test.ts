import { randomUUID } from 'node:crypto';
import type { ChatView, TicketView } from '@besoin/shared';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createChildServer, type ChildServer } from '../support/childServer';
import { command, connectAgent, connectVisitor, once } from '../support/clients';

// Graceful shutdown (SIGTERM) and restart on the same data: chats, queue, assignments, the
// long-conversation flag and SLA due times are as they were, and clients carry on.

let server: ChildServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await server?.close();
});

describe('restart', () => {
  it('stops cleanly on SIGTERM and comes back with every chat, queue, assignment, flag and due time', async () => {
    server = await createChildServer({
      policy: { routing: { agentGraceSeconds: 600, answerTimeoutSeconds: 3600 }, longChat: { suggestAfterMessages: 3 } },
    });
    await server.addAgent({ login: 'karim', name: 'Karim', password: 'mot-de-passe-karim', maxChats: 1 });
    await server.start();
    const agent = await connectAgent(server.url, 'karim', 'mot-de-passe-karim');
    sockets.push(agent.socket);
    await command(agent.socket, 'agent:status', { status: 'online' });

    const first = await connectVisitor(server.url);
    const second = await connectVisitor(server.url);
    sockets.push(first.socket, second.socket);
    const assigned = once(agent.socket, 'chat:assigned');
    const { chat: active } = await command<{ chat: ChatView }>(first.socket, 'chat:start', {
      name: 'Alice', email: 'alice@example.com', department: 'technical', subject: 'Site lent', message: 'Bonjour',
    });
    await assigned;
    const { chat: queued } = await command<{ chat: ChatView }>(second.socket, 'chat:start', {
      name: 'Bob', email: 'bob@example.com', department: 'technical', subject: 'DNS', message: 'Bonjour',
    });
    expect(queued).toMatchObject({ status: 'queued', queuePosition: 1 });
    const long = once<{ chatId: string }>(agent.socket, 'chat:long');
    await command(agent.socket, 'message:send', { chatId: active.id, clientMessageId: randomUUID(), text: 'Je regarde.' });
    await command(first.socket, 'message:send', { chatId: active.id, clientMessageId: randomUUID(), text: 'Merci.' });
    await long;
    const { ticket } = await command<{ ticket: TicketView }>(first.socket, 'ticket:create', {
      name: 'Alice', email: 'alice@example.com', department: 'billing', subject: 'Facture', message: 'Question de facture.',
    });

    const before = {
      active: await command<{ chat: ChatView }>(first.socket, 'chat:sync', { chatId: active.id, afterSeq: 0 }),
      queued: await command<{ chat: ChatView }>(second.socket, 'chat:sync', { chatId: queued.id, afterSeq: 0 }),
    };
    const t0 = Date.now();
    const code = await server.kill('SIGTERM');
    console.log(`SIGTERM: exit code ${code} after ${Date.now() - t0} ms`);
    expect(code).toBe(0);

    await server.start();
    // the same visitor tokens and agent session resume everything
    const firstAgain = await connectVisitor(server.url, first.token);
    const secondAgain = await connectVisitor(server.url, second.token);
    const agentAgain = await connectAgent(server.url, 'karim', 'mot-de-passe-karim', agent.token);
    sockets.push(firstAgain.socket, secondAgain.socket, agentAgain.socket);
    const after = {
      active: await command<{ chat: ChatView; messages: unknown[] }>(firstAgain.socket, 'chat:sync', { chatId: active.id, afterSeq: 0 }),
      queued: await command<{ chat: ChatView }>(secondAgain.socket, 'chat:sync', { chatId: queued.id, afterSeq: 0 }),
    };
    expect(after.active.chat).toMatchObject({ status: 'active', agent: { displayName: 'Karim' }, lastSeq: before.active.chat.lastSeq });
    expect(after.active.chat.long).toEqual(before.active.chat.long);
    expect(after.active.chat.long).toBeTruthy();
    expect(after.queued.chat).toMatchObject({ status: 'queued', queuePosition: 1 });
    const res = await fetch(`${server.url}/api/tickets/${ticket.ref}`, { headers: { authorization: `Bearer ${agentAgain.token}` } });
    // karim is a technical agent: the billing ticket is not his; read it through the visitor's own list
    expect(res.status).toBe(404);
    const own = await fetch(`${server.url}/api/visitor/tickets`, { headers: { authorization: `Bearer ${first.token}` } });
    const { tickets } = (await own.json()) as { tickets: TicketView[] };
    expect(tickets.find((t) => t.ref === ticket.ref)?.firstResponseDueAt).toBe(ticket.firstResponseDueAt);
    // the agent holds the chat again and can write in it at once
    await command(agentAgain.socket, 'message:send', { chatId: active.id, clientMessageId: randomUUID(), text: 'Me revoilà.' });
  }, 60_000);
});
