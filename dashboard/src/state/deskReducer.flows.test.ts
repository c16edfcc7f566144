import { describe, expect, it } from 'vitest';
import { agentView, chatView, ticketView } from '../test/fixtures';
import { type DeskAction, deskReducer } from './deskReducer';
import { type DeskState, initialDeskState } from './deskState';

function run(...actions: DeskAction[]): DeskState {
  return actions.reduce(deskReducer, initialDeskState);
}

const ready: DeskAction = { type: 'session:ready', agent: agentView(), chats: [chatView(), chatView({ id: 'chat-2' })], queues: [] };
const queued = chatView({ id: 'q-1', status: 'queued', agent: undefined });

describe('deskReducer — queues, transfer, long chats, conversion', () => {
  it('queues:loaded keeps the counters and the queued chats per department', () => {
    const state = run(ready, {
      type: 'queues:loaded',
      at: 1000,
      queues: [{ department: 'technical', waiting: 1, oldestWaitSeconds: 42, chats: [queued] }],
    });
    expect(state.queues.technical).toEqual({ department: 'technical', waiting: 1, oldestWaitSeconds: 42 });
    expect(state.queueChats.technical?.map((c) => c.id)).toEqual(['q-1']);
    expect(state.queuesAt).toBe(1000);
  });

  it('chat:picked opens the chat and takes it out of the queue', () => {
    const state = run(
      ready,
      { type: 'view:changed', view: 'tickets' },
      { type: 'queues:loaded', at: 1, queues: [{ department: 'technical', waiting: 1, oldestWaitSeconds: 1, chats: [queued] }] },
      { type: 'chat:picked', chat: { ...queued, status: 'active', agent: { id: 'agent-1', displayName: 'Bruno' } } },
    );
    expect(state.order).toEqual(['chat-1', 'chat-2', 'q-1']);
    expect(state.selectedChatId).toBe('q-1');
    expect(state.view).toBe('chats');
    expect(state.queueChats.technical).toEqual([]);
  });

  it('chat:transferred removes the chat from the sender\'s list and says so', () => {
    const state = run(ready, { type: 'chat:selected', chatId: 'chat-1' }, { type: 'chat:transferred', chatId: 'chat-1' });
    expect(state.order).toEqual(['chat-2']);
    expect(state.selectedChatId).toBeNull();
    expect(state.notice).toBe('Discussion avec Alice Martin transférée');
  });

  it('chat:updated giving the chat to another agent removes it and announces the reassignment', () => {
    const state = run(ready, { type: 'chat:updated', chat: chatView({ agent: { id: 'agent-9', displayName: 'Chloé' } }) });
    expect(state.order).toEqual(['chat-2']);
    expect(state.notice).toBe('Discussion réattribuée : délai de réponse dépassé');
  });

  it('chat:updated that keeps the agent, or ends the chat, keeps it', () => {
    const state = run(
      ready,
      { type: 'chat:updated', chat: chatView({ subject: 'Nouveau sujet' }) },
      { type: 'chat:updated', chat: chatView({ id: 'chat-2', status: 'ended', agent: undefined }) },
    );
    expect(state.order).toEqual(['chat-1', 'chat-2']);
    expect(state.chats['chat-1']?.chat.subject).toBe('Nouveau sujet');
    expect(state.notice).toBeNull();
  });

  it('chat:long sets the long flag of the chat', () => {
    const state = run(ready, { type: 'chat:long', chatId: 'chat-2', minutes: 11, messages: 32 });
    expect(state.chats['chat-2']?.chat.long).toEqual({ minutes: 11, messages: 32 });
    expect(state.chats['chat-1']?.chat.long).toBeUndefined();
  });

  it('chat:converted marks the chat converted with its ref and words the notice', () => {
    const created = run(ready, { type: 'chat:converted', chatId: 'chat-1', ticket: ticketView(), merged: false });
    expect(created.chats['chat-1']?.chat).toMatchObject({ status: 'converted', ticketRef: 'TCK-2026-000123' });
    expect(created.notice).toBe('Ticket TCK-2026-000123 créé');
    const merged = run(ready, { type: 'chat:converted', chatId: 'chat-1', ticket: ticketView({ ref: 'TCK-2026-000007' }), merged: true });
    expect(merged.notice).toBe('Ajouté au ticket TCK-2026-000007');
  });
});

describe('deskReducer — tickets', () => {
  const loaded: DeskAction = { type: 'tickets:loaded', filters: {}, append: false, tickets: [ticketView()], total: 1 };

  it('ticket:created prepends a ticket that matches the filters and counts it', () => {
    const state = run({ type: 'tickets:requested', filters: {}, append: false }, loaded, {
      type: 'ticket:created',
      ticket: ticketView({ ref: 'TCK-2026-000200' }),
    });
    expect(state.tickets.list.map((t) => t.ref)).toEqual(['TCK-2026-000200', 'TCK-2026-000123']);
    expect(state.tickets.total).toBe(2);
  });

  it('ticket:created outside the filters is not listed', () => {
    const filters = { department: 'billing' as const };
    const state = run(
      { type: 'tickets:requested', filters, append: false },
      { ...loaded, filters, tickets: [] , total: 0 },
      { type: 'ticket:created', ticket: ticketView({ ref: 'TCK-2026-000200' }) },
    );
    expect(state.tickets.list).toEqual([]);
    expect(state.tickets.total).toBe(0);
  });

  it('ticket:updated replaces the ticket in the list and on its open page', () => {
    let state = run({ type: 'tickets:requested', filters: {}, append: false }, loaded, { type: 'ticket:opened', ref: 'TCK-2026-000123' });
    state = deskReducer(state, { type: 'ticket:detailLoaded', detail: { ticket: ticketView(), history: [] } });
    state = deskReducer(state, { type: 'ticket:updated', ticket: ticketView({ priority: 'high', firstRespondedAt: '2026-03-02T10:00:00.000Z' }) });
    expect(state.tickets.list[0]?.priority).toBe('high');
    expect(state.tickets.detail?.ticket.firstRespondedAt).toBe('2026-03-02T10:00:00.000Z');
  });

  it('ignores a list answer for filters that have since changed', () => {
    const state = run(
      { type: 'tickets:requested', filters: {}, append: false },
      { type: 'tickets:requested', filters: { status: 'open' }, append: false },
      loaded,
    );
    expect(state.tickets.list).toEqual([]);
    expect(state.tickets.loading).toBe(true);
  });

  it('ticket:replied appends the reply to the open ticket once', () => {
    const reply = { id: 'r1', kind: 'reply' as const, at: '2026-03-02T10:00:00.000Z', text: 'Bonjour' };
    let state = run({ type: 'ticket:opened', ref: 'TCK-2026-000123' }, { type: 'ticket:detailLoaded', detail: { ticket: ticketView(), history: [] } });
    state = deskReducer(state, { type: 'ticket:replied', ref: 'TCK-2026-000123', reply });
    state = deskReducer(state, { type: 'ticket:replied', ref: 'TCK-2026-000123', reply });
    expect(state.tickets.detail?.history).toEqual([reply]);
  });
});
