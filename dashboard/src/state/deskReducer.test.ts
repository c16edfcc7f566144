import type { AgentView } from '@besoin/shared';
import { describe, expect, it } from 'vitest';
import { chatView, message } from '../test/fixtures';
import { type DeskAction, createDeskStore, deskReducer, mergeMessages } from './deskReducer';
import { type DeskState, initialDeskState, unreadCount } from './deskState';

const agent: AgentView = {
  id: 'agent-1', login: 'bruno', name: 'Bruno', role: 'agent', status: 'online',
  departments: ['technical'], maxChats: 3, activeChats: 1,
};

function run(...actions: DeskAction[]): DeskState {
  return actions.reduce(deskReducer, initialDeskState);
}

const ready: DeskAction = {
  type: 'session:ready',
  agent,
  chats: [chatView()],
  queues: [{ department: 'technical', waiting: 2, oldestWaitSeconds: 30 }],
};

describe('mergeMessages', () => {
  it('orders by seq and keeps one message per seq', () => {
    const merged = mergeMessages([message(2, 'b'), message(1, 'a')].sort((x, y) => x.seq - y.seq), [message(3, 'c'), message(2, 'b'), message(1, 'a')]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  });
});

describe('deskReducer', () => {
  it('session:ready sets the agent, chats and queues', () => {
    const state = run(ready);
    expect(state.agent?.name).toBe('Bruno');
    expect(state.order).toEqual(['chat-1']);
    expect(state.queues.technical?.waiting).toBe(2);
    expect(state.connection).toBe('online');
  });

  it('de-duplicates message:created by seq and keeps seq order', () => {
    const state = run(
      ready,
      { type: 'message:created', message: message(2, 'deux') },
      { type: 'message:created', message: message(1, 'un') },
      { type: 'message:created', message: message(2, 'deux') },
      { type: 'chat:synced', chat: chatView({ lastSeq: 3 }), messages: [message(1, 'un'), message(2, 'deux'), message(3, 'trois')] },
    );
    expect(state.chats['chat-1']?.messages.map((m) => m.text)).toEqual(['un', 'deux', 'trois']);
  });

  it('counts unread visitor messages only while the chat is not selected', () => {
    let state = run(
      ready,
      { type: 'message:created', message: message(1, 'bonjour') },
      { type: 'message:created', message: message(2, 'réponse', { author: { role: 'agent', name: 'Bruno' } }) },
      { type: 'message:created', message: message(3, 'encore') },
    );
    expect(unreadCount(state.chats['chat-1']!)).toBe(2);
    state = deskReducer(state, { type: 'chat:selected', chatId: 'chat-1' });
    expect(unreadCount(state.chats['chat-1']!)).toBe(0);
    state = deskReducer(state, { type: 'message:created', message: message(4, 'vu tout de suite') });
    expect(unreadCount(state.chats['chat-1']!)).toBe(0);
    state = deskReducer(state, { type: 'chat:selected', chatId: null });
    state = deskReducer(state, { type: 'message:created', message: message(5, 'pas vu') });
    expect(unreadCount(state.chats['chat-1']!)).toBe(1);
  });

  it('chat:assigned adds the chat with its messages and announces it', () => {
    const state = run(ready, {
      type: 'chat:assigned',
      chat: chatView({ id: 'chat-2', visitor: { name: 'Chloé Dubois', email: 'c@example.com' }, lastSeq: 1 }),
      messages: [message(1, 'aide', { chatId: 'chat-2' })],
    });
    expect(state.order).toEqual(['chat-1', 'chat-2']);
    expect(state.chats['chat-2']?.messages).toHaveLength(1);
    expect(state.announcement).toBe('Nouvelle discussion : Chloé Dubois');
  });

  it('keeps known messages and the outbox across a new session:ready', () => {
    const pending = { chatId: 'chat-1', clientMessageId: 'c-1', text: 'salut', createdAt: '2026-03-02T09:00:00.000Z' };
    const state = run(ready, { type: 'message:created', message: message(1, 'un') }, { type: 'outbox:added', pending }, ready);
    expect(state.chats['chat-1']?.messages).toHaveLength(1);
    expect(state.chats['chat-1']?.pending).toHaveLength(1);
  });

  it('an acked or echoed message replaces its outbox entry', () => {
    const pending = { chatId: 'chat-1', clientMessageId: 'c-1', text: 'salut', createdAt: '2026-03-02T09:00:00.000Z' };
    const mine = message(1, 'salut', { clientMessageId: 'c-1', author: { role: 'agent', name: 'Bruno' } });
    let state = run(ready, { type: 'outbox:added', pending });
    state = deskReducer(state, { type: 'message:created', message: mine });
    state = deskReducer(state, { type: 'outbox:acked', clientMessageId: 'c-1', message: mine });
    expect(state.chats['chat-1']?.pending).toEqual([]);
    expect(state.chats['chat-1']?.messages).toEqual([mine]);
  });

  it('typing:changed from the visitor shows the indicator; a visitor message clears it', () => {
    let state = run(ready, { type: 'typing:changed', chatId: 'chat-1', typing: true, role: 'visitor' });
    expect(state.chats['chat-1']?.visitorTyping).toBe(true);
    state = deskReducer(state, { type: 'message:created', message: message(1, 'voilà') });
    expect(state.chats['chat-1']?.visitorTyping).toBe(false);
  });

  it('an ended chat stays until dismissed', () => {
    let state = run(
      ready,
      { type: 'chat:selected', chatId: 'chat-1' },
      { type: 'typing:changed', chatId: 'chat-1', typing: true, role: 'visitor' },
      { type: 'chat:updated', chat: chatView({ status: 'ended' }) },
    );
    expect(state.chats['chat-1']?.chat.status).toBe('ended');
    expect(state.chats['chat-1']?.visitorTyping).toBe(false);
    state = deskReducer(state, { type: 'chat:dismissed', chatId: 'chat-1' });
    expect(state.order).toEqual([]);
    expect(state.selectedChatId).toBeNull();
  });

  it('ignores events about unknown chats', () => {
    const state = run(ready);
    expect(deskReducer(state, { type: 'message:created', message: message(1, 'x', { chatId: 'other' }) })).toBe(state);
  });

  it('queue:updated replaces one department counter', () => {
    const state = run(ready, { type: 'queue:updated', queue: { department: 'billing', waiting: 4, oldestWaitSeconds: 10 } });
    expect(state.queues.technical?.waiting).toBe(2);
    expect(state.queues.billing?.waiting).toBe(4);
  });
});

describe('createDeskStore', () => {
  it('notifies subscribers on change only', () => {
    const store = createDeskStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.dispatch(ready);
    store.dispatch({ type: 'chat:updated', chat: chatView({ id: 'unknown' }) });
    unsubscribe();
    store.dispatch({ type: 'connection', state: 'offline' });
    expect(calls).toBe(1);
  });
});
