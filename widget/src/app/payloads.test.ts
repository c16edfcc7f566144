import { describe, expect, it } from 'vitest';
import { asChat, asMessage, hasStrings } from './payloads';

const chat = {
  id: 'c1',
  status: 'queued',
  department: 'billing',
  subject: 'Facture',
  visitor: { name: 'Amira', email: 'amira@example.tn' },
  queuePosition: 2,
  etaSeconds: 90.5,
  lastSeq: 1,
  createdAt: '2026-03-09T09:00:00.000Z',
  extra: 'fields beyond the contract pass through',
};
const message = {
  id: 'm1',
  chatId: 'c1',
  seq: 1,
  clientMessageId: 'k1',
  author: { role: 'agent', name: 'Karim' },
  text: 'Bonjour',
  createdAt: '2026-03-09T09:00:00.000Z',
};

describe('hand checks of the server payloads', () => {
  it('accepts a chat and a message that follow the contract, unknown fields included', () => {
    expect(asChat(chat)).toBe(chat);
    expect(asChat({ ...chat, agent: { id: 'a1', displayName: 'Karim' }, ticketRef: 'TCK-2026-000001' })).toBeDefined();
    expect(asMessage(message)).toBe(message);
    expect(asMessage({ ...message, clientMessageId: undefined, internal: false })).toBeDefined();
  });

  it('refuses what the widget could not render', () => {
    for (const bad of [null, 'x', { ...chat, status: 'lost' }, { ...chat, department: 'hr' }, { ...chat, visitor: null },
      { ...chat, queuePosition: 0 }, { ...chat, etaSeconds: -1 }, { ...chat, agent: {} }, { ...chat, ticketRef: 12 }]) {
      expect(asChat(bad)).toBeUndefined();
    }
    for (const bad of [undefined, { ...message, seq: 0 }, { ...message, seq: 1.5 }, { ...message, author: { role: 'bot', name: 'x' } },
      { ...message, text: null }, { ...message, clientMessageId: 3 }, { ...message, internal: 'no' }]) {
      expect(asMessage(bad)).toBeUndefined();
    }
  });

  it('hasStrings checks every listed key', () => {
    expect(hasStrings({ a: 'x', b: '' }, 'a b')).toBe(true);
    expect(hasStrings({ a: 'x' }, 'a b')).toBe(false);
    expect(hasStrings(null, 'a')).toBe(false);
  });
});
