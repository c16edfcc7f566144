import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../test/memoryStorage';
import { type StoredOutboxItem, createOutboxStorage, outboxKey } from './outboxStorage';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');

function item(n: number, overrides: Partial<StoredOutboxItem> = {}): StoredOutboxItem {
  return {
    clientMessageId: `cm-${n}`,
    chatId: 'chat-1',
    text: `message ${n}`,
    internal: false,
    createdAt: new Date(NOW - 60_000 + n).toISOString(),
    ...overrides,
  };
}

function setup(options: { limit?: number } = {}) {
  const storage = new MemoryStorage();
  const open = (agentId = 'agent-1') => createOutboxStorage(agentId, { storage: () => storage, now: () => NOW, ...options });
  return { storage, open };
}

describe('persisted outbox', () => {
  it('keeps items per agent under besoin-daide:outbox:<agentId>, oldest first', () => {
    const { storage, open } = setup();
    open().save(item(2));
    open().save(item(1, { internal: true }));
    open('agent-2').save(item(3));
    expect(open().load()).toEqual([item(1, { internal: true }), item(2)]);
    expect(open('agent-2').load()).toEqual([item(3)]);
    expect(JSON.parse(storage.getItem(outboxKey('agent-1')) ?? '[]')).toHaveLength(2);
  });

  it('saving the same clientMessageId twice keeps one item', () => {
    const { open } = setup();
    open().save(item(1));
    open().save(item(1));
    expect(open().load()).toHaveLength(1);
  });

  it('remove forgets one item and the key when it was the last', () => {
    const { storage, open } = setup();
    const outbox = open();
    outbox.save(item(1));
    outbox.save(item(2));
    outbox.remove('cm-1');
    expect(outbox.load().map((i) => i.clientMessageId)).toEqual(['cm-2']);
    outbox.remove('cm-2');
    expect(storage.getItem(outboxKey('agent-1'))).toBeNull();
  });

  it('re-reads the storage on every call: two tabs share one outbox', () => {
    const { open } = setup();
    const tabA = open();
    const tabB = open();
    tabA.save(item(1));
    tabB.save(item(2));
    tabB.remove('cm-1');
    expect(tabA.load().map((i) => i.clientMessageId)).toEqual(['cm-2']);
  });

  it('is bounded: beyond the limit the oldest items go', () => {
    const { open } = setup({ limit: 3 });
    const outbox = open();
    for (let n = 1; n <= 5; n += 1) outbox.save(item(n));
    expect(outbox.load().map((i) => i.clientMessageId)).toEqual(['cm-3', 'cm-4', 'cm-5']);
  });

  it('defaults to 200 items', () => {
    const { open } = setup();
    const outbox = open();
    for (let n = 1; n <= 205; n += 1) outbox.save(item(n));
    expect(outbox.load()).toHaveLength(200);
    expect(outbox.load()[0]?.clientMessageId).toBe('cm-6');
  });

  it('skips corrupt, invalid and day-old entries', () => {
    const { storage, open } = setup();
    storage.setItem(outboxKey('agent-1'), '{not json');
    expect(open().load()).toEqual([]);
    storage.setItem(
      outboxKey('agent-1'),
      JSON.stringify([
        item(1),
        { ...item(2), text: '   ' },
        { ...item(3), clientMessageId: 'x'.repeat(65) },
        { ...item(4), internal: 'yes' },
        item(5, { createdAt: new Date(NOW - 25 * 3600_000).toISOString() }),
        null,
      ]),
    );
    expect(open().load()).toEqual([item(1)]);
    storage.setItem(outboxKey('agent-1'), JSON.stringify({ items: [] }));
    expect(open().load()).toEqual([]);
  });

  it('never throws when the storage does', () => {
    const { storage, open } = setup();
    const outbox = open();
    outbox.save(item(1));
    storage.broken = true;
    expect(() => outbox.save(item(2))).not.toThrow();
    expect(() => outbox.remove('cm-1')).not.toThrow();
    expect(outbox.load()).toEqual([]);
    storage.broken = false;
    storage.full = true;
    expect(() => outbox.save(item(3))).not.toThrow();
    expect(outbox.load()).toEqual([item(1)]);
    const missing = createOutboxStorage('agent-1', {
      storage: () => {
        throw new DOMException('no storage', 'SecurityError');
      },
    });
    expect(() => missing.save(item(1))).not.toThrow();
    expect(missing.load()).toEqual([]);
  });
});
