import { describe, expect, it } from 'vitest';
import { agentView, chatEntry, chatView, message } from '../test/fixtures';
import { type DeskAction, deskReducer } from './deskReducer';
import { type DeskState, type PendingMessage, initialDeskState, syncAfterSeq } from './deskState';

function run(...actions: DeskAction[]): DeskState {
  return actions.reduce(deskReducer, initialDeskState);
}

const ready: DeskAction = { type: 'session:ready', agent: agentView(), chats: [chatView()], queues: [] };
const pending = (id: string, createdAt: string): PendingMessage => ({ chatId: 'chat-1', clientMessageId: id, text: id, createdAt });
const added = (p: PendingMessage): DeskAction => ({ type: 'outbox:added', pending: p });

describe('deskReducer — outbox items are shown once', () => {
  it('adding the same clientMessageId twice (two restores, two tabs) shows it once', () => {
    const first = run(ready, added(pending('a', '2026-03-02T09:00:00.000Z')));
    expect(deskReducer(first, added(pending('a', '2026-03-02T09:00:00.000Z')))).toBe(first);
    expect(first.chats['chat-1']?.pending).toHaveLength(1);
  });

  it('an item already delivered (its message is known) is not added', () => {
    const state = run(ready, { type: 'message:created', message: message(3, 'a', { clientMessageId: 'a' }) }, added(pending('a', '2026-03-02T09:00:00.000Z')));
    expect(state.chats['chat-1']?.pending).toEqual([]);
  });

  it('restored items keep the order they were written in', () => {
    const state = run(
      ready,
      added(pending('late', '2026-03-02T09:05:00.000Z')),
      added(pending('early', '2026-03-02T09:01:00.000Z')),
      added(pending('latest', '2026-03-02T09:09:00.000Z')),
    );
    expect(state.chats['chat-1']?.pending.map((p) => p.clientMessageId)).toEqual(['early', 'late', 'latest']);
  });
});

describe('syncAfterSeq', () => {
  it('is the end of the gap-free run of known messages', () => {
    expect(syncAfterSeq(chatEntry())).toBe(0);
    expect(syncAfterSeq(chatEntry({ messages: [message(1, 'a'), message(2, 'b'), message(3, 'c')] }))).toBe(3);
    // seq 7 (an ack) arrived before 5 and 6 (broadcasts): the sync asks from 4.
    expect(syncAfterSeq(chatEntry({ messages: [message(1, 'a'), message(2, 'b'), message(3, 'c'), message(4, 'd'), message(7, 'e')] }))).toBe(4);
    // A chat known from seq 10 on (a partial history) counts from there.
    expect(syncAfterSeq(chatEntry({ messages: [message(10, 'a'), message(11, 'b')] }))).toBe(11);
  });
});
