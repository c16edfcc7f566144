import { describe, expect, it } from 'vitest';
import { ackError, ackOk } from './ack';
import { AppError, errors, ERROR_CODES } from './errors';
import { agentBroadcasts, agentCommands, ChatStartPayload, MessageSendPayload, visitorBroadcasts, visitorCommands } from './events';
import { ChatView, Message, TicketView } from './schemas';

const start = { name: 'Alice', email: 'alice@example.com', department: 'technical', subject: 'Site en panne', message: 'Bonjour' };

describe('command payloads', () => {
  it('accepts a valid chat:start, trims text and ignores unknown keys', () => {
    const parsed = ChatStartPayload.parse({ ...start, message: '  Bonjour  ', extra: 'ignored' });
    expect(parsed.message).toBe('Bonjour');
    expect(parsed).not.toHaveProperty('extra');
  });

  it.each([
    ['a department outside the enum', { ...start, department: 'hr' }],
    ['an invalid e-mail', { ...start, email: 'nope' }],
    ['blank text', { ...start, message: '  \n ' }],
    ['text over 5,000 characters', { ...start, message: 'x'.repeat(5001) }],
    ['null for an optional field', { ...start, urgent: null }],
    ['a missing field', { ...start, subject: undefined }],
  ])('rejects %s', (_what, payload) => {
    expect(ChatStartPayload.safeParse(payload).success).toBe(false);
  });

  it('accepts exactly 5,000 characters and bounds clientMessageId at 64', () => {
    expect(MessageSendPayload.safeParse({ chatId: 'c', clientMessageId: 'a'.repeat(64), text: 'x'.repeat(5000) }).success).toBe(true);
    expect(MessageSendPayload.safeParse({ chatId: 'c', clientMessageId: 'a'.repeat(65), text: 'x' }).success).toBe(false);
    expect(MessageSendPayload.safeParse({ chatId: 'c', clientMessageId: '', text: 'x' }).success).toBe(false);
  });

  it('covers every event of DESIGN §2', () => {
    expect(Object.keys(visitorCommands).sort()).toEqual(
      ['chat:end', 'chat:rate', 'chat:read', 'chat:start', 'chat:sync', 'emergency:raise', 'message:send', 'supervisor:request', 'ticket:create', 'typing:set'],
    );
    expect(Object.keys(agentCommands).sort()).toEqual(
      ['agent:status', 'chat:close', 'chat:convert', 'chat:join', 'chat:pick', 'chat:read', 'chat:sync', 'chat:transfer', 'message:send', 'typing:set'],
    );
    expect(Object.keys(visitorBroadcasts).sort()).toEqual(['chat:converted', 'chat:updated', 'message:created', 'session:ready', 'typing:changed']);
    expect(Object.keys(agentBroadcasts)).toHaveLength(12);
  });
});

describe('shapes', () => {
  it('parses a ChatView, a Message and a TicketView', () => {
    const chat = { id: 'c1', status: 'queued', department: 'billing', subject: 's', visitor: { name: 'A', email: 'a@b.c' }, queuePosition: 2, lastSeq: 1, createdAt: '2026-11-26T10:00:00.000Z' };
    expect(ChatView.parse(chat)).toEqual(chat);
    expect(ChatView.safeParse({ ...chat, queuePosition: 0 }).success).toBe(false);
    expect(Message.safeParse({ id: 'm', chatId: 'c1', seq: 0, author: { role: 'visitor', name: 'A' }, text: 't', createdAt: 'x' }).success).toBe(false);
    expect(TicketView.safeParse({ ref: 'TCK-2026-000001', subject: 's', department: 'technical', category: 'outage', priority: 'critical', urgent: false, status: 'open', requester: { name: 'A', email: 'a@b.c' }, source: 'chat', chatIds: ['c1'], firstResponseDueAt: 'x', escalationLevel: 0, createdAt: 'x' }).success).toBe(true);
  });
});

describe('acks and errors', () => {
  it('builds discriminated acks and hides unknown errors as internal', () => {
    expect(ackOk({ a: 1 })).toEqual({ ok: true, data: { a: 1 } });
    expect(ackError(errors.conflict('busy', { chatId: 'c' }))).toEqual({ ok: false, error: { code: 'conflict', message: 'busy', details: { chatId: 'c' } } });
    expect(ackError(new Error('SQLITE_BUSY at /srv/secret.js:12'))).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error.' } });
    expect(ackError(new AppError('rate_limited', 'slow down', { retryAfterMs: 200 })).error.details).toEqual({ retryAfterMs: 200 });
    expect(ERROR_CODES).toContain('department_closed');
  });
});
