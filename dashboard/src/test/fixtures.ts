import type { ChatView, Message } from '@besoin/shared';
import type { ChatEntry } from '../state/deskState';

/** A chat view with sensible defaults. */
export function chatView(overrides: Partial<ChatView> = {}): ChatView {
  return {
    id: 'chat-1',
    status: 'active',
    department: 'technical',
    subject: 'Site en panne',
    visitor: { name: 'Alice Martin', email: 'alice@example.com' },
    agent: { id: 'agent-1', displayName: 'Bruno' },
    lastSeq: 0,
    createdAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

/** A message; `role` defaults to visitor. */
export function message(seq: number, text: string, overrides: Partial<Message> = {}): Message {
  return {
    id: `m-${overrides.chatId ?? 'chat-1'}-${seq}`,
    chatId: 'chat-1',
    seq,
    author: { role: 'visitor', name: 'Alice Martin' },
    text,
    createdAt: `2026-03-02T09:0${seq % 10}:00.000Z`,
    ...overrides,
  };
}

/** A chat entry as the store holds it. */
export function chatEntry(overrides: Partial<ChatEntry> = {}): ChatEntry {
  return { chat: chatView(), messages: [], pending: [], seenSeq: 0, visitorTyping: false, ...overrides };
}
