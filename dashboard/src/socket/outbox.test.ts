import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutboxStorage, outboxKey } from '../session/outboxStorage';
import { createDeskStore } from '../state/deskReducer';
import type { PendingMessage } from '../state/deskState';
import { agentView, chatView, message } from '../test/fixtures';
import { MemoryStorage } from '../test/memoryStorage';
import type { AgentSocket } from './commands';
import { createOutbox } from './outbox';

type Answer = (event: string, payload: Record<string, unknown>) => unknown;

/** One "page": a store, a fake socket and an outbox persisting to `storage`. */
function page(storage: MemoryStorage, answer: Answer) {
  const sent: Record<string, unknown>[] = [];
  const snapshots: (string | null)[] = [];
  const socket = {
    timeout: () => ({
      emitWithAck: async (event: string, payload: Record<string, unknown>) => {
        sent.push(payload);
        snapshots.push(storage.broken ? null : storage.getItem(outboxKey('agent-1')));
        return answer(event, payload);
      },
    }),
  } as unknown as AgentSocket;
  const store = createDeskStore();
  store.dispatch({ type: 'session:ready', agent: agentView(), chats: [chatView()], queues: [] });
  const onError = vi.fn();
  const retries: (() => void)[] = [];
  const outbox = createOutbox({
    socket,
    store,
    isReady: () => true,
    later: (fn) => retries.push(fn),
    onError,
    retryDelayMs: 1000,
    persistence: () => createOutboxStorage('agent-1', { storage: () => storage }),
  });
  const stored = () => createOutboxStorage('agent-1', { storage: () => storage }).load();
  const pending = () => store.getState().chats['chat-1']?.pending ?? [];
  return { store, outbox, sent, snapshots, onError, retries, stored, pending };
}

function pendingMessage(n: number, overrides: Partial<PendingMessage> = {}): PendingMessage {
  return { chatId: 'chat-1', clientMessageId: `cm-${n}`, text: `Bonjour ${n}`, createdAt: new Date(Date.now() - 1000 + n).toISOString(), ...overrides };
}

const acked = (seq: number): Answer => (_event, payload) => ({
  ok: true,
  data: { message: message(seq, String(payload.text), { clientMessageId: String(payload.clientMessageId), author: { role: 'agent', name: 'Bruno' } }) },
});
const never: Answer = () => new Promise(() => undefined);
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.restoreAllMocks());

describe('outbox persisted in storage', () => {
  it('writes the item before the first emit, and shows it as pending', () => {
    const storage = new MemoryStorage();
    const tab = page(storage, never);
    tab.outbox.enqueue(pendingMessage(1, { internal: true }));
    expect(tab.sent).toEqual([{ chatId: 'chat-1', clientMessageId: 'cm-1', text: 'Bonjour 1', internal: true }]);
    // What storage held at the moment of the emit:
    expect(JSON.parse(tab.snapshots[0] ?? '[]')).toEqual([
      { clientMessageId: 'cm-1', chatId: 'chat-1', text: 'Bonjour 1', internal: true, createdAt: expect.any(String) },
    ]);
    expect(tab.pending().map((p) => p.clientMessageId)).toEqual(['cm-1']);
  });

  it('removes the item on ack', async () => {
    const storage = new MemoryStorage();
    const tab = page(storage, acked(4));
    tab.outbox.enqueue(pendingMessage(1));
    await flushPromises();
    expect(tab.stored()).toEqual([]);
    expect(tab.pending()).toEqual([]);
    expect(tab.store.getState().chats['chat-1']?.messages.map((m) => m.seq)).toEqual([4]);
  });

  it('keeps it on timeout, rate_limited and internal; removes it on a final error', async () => {
    const storage = new MemoryStorage();
    const codes = ['timeout', 'rate_limited', 'internal', 'forbidden'];
    const tab = page(storage, () => ({ ok: false, error: { code: codes.shift(), message: 'no' } }));
    tab.outbox.enqueue(pendingMessage(1));
    for (let i = 0; i < 3; i += 1) {
      await flushPromises();
      expect(tab.stored()).toHaveLength(1);
      tab.retries.shift()?.();
    }
    await flushPromises();
    expect(tab.sent.map((p) => p.clientMessageId)).toEqual(['cm-1', 'cm-1', 'cm-1', 'cm-1']);
    expect(tab.stored()).toEqual([]);
    expect(tab.pending()).toEqual([expect.objectContaining({ clientMessageId: 'cm-1', failed: true })]);
    expect(tab.onError).toHaveBeenCalledWith('forbidden');
  });

  it('a new page reading the same storage restores the item after the sync and resends it with the same id', async () => {
    const storage = new MemoryStorage();
    const before = page(storage, never);
    before.outbox.enqueue(pendingMessage(1));
    before.outbox.enqueue(pendingMessage(2, { internal: true }));
    // Reload: a fresh store and outbox.
    const after = page(storage, acked(9));
    after.outbox.restore('chat-1');
    expect(after.pending().map((p) => [p.clientMessageId, p.internal ?? false])).toEqual([
      ['cm-1', false],
      ['cm-2', true],
    ]);
    expect(after.sent.map((p) => p.clientMessageId)).toEqual(['cm-1', 'cm-2']);
    await flushPromises();
    expect(after.stored()).toEqual([]);
  });

  it('does not restore an item the sync shows as delivered, and forgets it', () => {
    const storage = new MemoryStorage();
    page(storage, never).outbox.enqueue(pendingMessage(1));
    const after = page(storage, never);
    after.store.dispatch({ type: 'chat:synced', chat: chatView({ lastSeq: 3 }), messages: [message(3, 'Bonjour 1', { clientMessageId: 'cm-1' })] });
    after.outbox.restore('chat-1');
    expect(after.pending()).toEqual([]);
    expect(after.sent).toEqual([]);
    expect(after.stored()).toEqual([]);
  });

  it('two tabs restoring the same item: each shows it once; the other tab\'s broadcast clears it', async () => {
    const storage = new MemoryStorage();
    page(storage, never).outbox.enqueue(pendingMessage(1));
    const tabA = page(storage, never);
    const tabB = page(storage, never);
    tabA.outbox.restore('chat-1');
    tabB.outbox.restore('chat-1');
    tabB.outbox.restore('chat-1'); // a second sync (reconnect) of the same chat
    expect(tabA.pending()).toHaveLength(1);
    expect(tabB.pending()).toHaveLength(1);
    expect(tabB.sent).toHaveLength(1);
    // Tab A's send was stored as seq 5; the server tells tab B with message:created.
    tabB.store.dispatch({ type: 'message:created', message: message(5, 'Bonjour 1', { clientMessageId: 'cm-1', author: { role: 'agent', name: 'Bruno' } }) });
    const entry = tabB.store.getState().chats['chat-1'];
    expect(entry?.pending).toEqual([]);
    expect(entry?.messages.map((m) => m.seq)).toEqual([5]);
  });

  it('restores nothing into a chat this page does not show, and leaves it stored for the tab that does', () => {
    const storage = new MemoryStorage();
    page(storage, never).outbox.enqueue(pendingMessage(1, { chatId: 'chat-9' }));
    const after = page(storage, never);
    after.outbox.restore('chat-9');
    after.outbox.restore('chat-1');
    expect(after.sent).toEqual([]);
    expect(after.stored()).toHaveLength(1);
  });

  it('still sends when the storage throws (memory only)', async () => {
    const storage = new MemoryStorage();
    storage.broken = true;
    const tab = page(storage, acked(2));
    expect(() => tab.outbox.enqueue(pendingMessage(1))).not.toThrow();
    expect(tab.sent).toHaveLength(1);
    await flushPromises();
    expect(tab.store.getState().chats['chat-1']?.messages.map((m) => m.seq)).toEqual([2]);
    expect(() => tab.outbox.restore('chat-1')).not.toThrow();
  });
});
