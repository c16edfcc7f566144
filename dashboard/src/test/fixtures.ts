import type { AgentView, ChatView, Message, TicketView } from '@besoin/shared';
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

/** An agent view; `id` defaults to agent-1 (the logged-in agent of the other fixtures). */
export function agentView(overrides: Partial<AgentView> = {}): AgentView {
  return {
    id: 'agent-1',
    login: 'bruno',
    name: 'Bruno',
    role: 'agent',
    status: 'online',
    departments: ['technical'],
    maxChats: 3,
    activeChats: 1,
    ...overrides,
  };
}

/** A ticket view created 2026-03-02 09:00 UTC, due four hours later, not yet answered. */
export function ticketView(overrides: Partial<TicketView> = {}): TicketView {
  return {
    ref: 'TCK-2026-000123',
    subject: 'Site en panne',
    department: 'technical',
    category: 'outage',
    priority: 'critical',
    urgent: false,
    status: 'open',
    requester: { name: 'Alice Martin', email: 'alice@example.com' },
    source: 'chat',
    chatIds: ['chat-1'],
    firstResponseDueAt: '2026-03-02T13:00:00.000Z',
    escalationLevel: 0,
    createdAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}
