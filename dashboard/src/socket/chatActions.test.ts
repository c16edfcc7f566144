import { describe, expect, it, vi } from 'vitest';
import { chatView, ticketView } from '../test/fixtures';
import { createChatCommands } from './chatActions';
import type { AgentSocket } from './commands';

/** A socket whose acks come from `answer(event, payload)`. */
function fakeSocket(answer: (event: string, payload: unknown) => unknown) {
  const sent: [string, unknown][] = [];
  const socket = {
    timeout: () => ({
      emitWithAck: async (event: string, payload: unknown) => {
        sent.push([event, payload]);
        return answer(event, payload);
      },
    }),
  } as unknown as AgentSocket;
  return { socket, sent };
}

function setup(answer: (event: string, payload: unknown) => unknown) {
  const { socket, sent } = fakeSocket(answer);
  const dispatch = vi.fn();
  const onError = vi.fn();
  const onQueueChanged = vi.fn();
  const onPicked = vi.fn();
  const commands = createChatCommands({ socket, dispatch, onError, onQueueChanged, onPicked, selfId: () => 'agent-1' });
  return { commands, sent, dispatch, onError, onQueueChanged, onPicked };
}

describe('chat commands', () => {
  it('pick: the acked chat opens and the queues refresh', async () => {
    const chat = chatView({ id: 'q-1' });
    const { commands, sent, dispatch, onQueueChanged, onPicked } = setup(() => ({ ok: true, data: { chat } }));
    expect(await commands.pick('q-1')).toBe(true);
    expect(sent).toEqual([['chat:pick', { chatId: 'q-1' }]]);
    expect(dispatch).toHaveBeenCalledWith({ type: 'chat:picked', chat });
    expect(onQueueChanged).toHaveBeenCalled();
    expect(onPicked).toHaveBeenCalledWith('q-1');
  });

  it('pick: a conflict is reported and nothing opens', async () => {
    const { commands, dispatch, onError } = setup(() => ({ ok: false, error: { code: 'conflict', message: 'taken' } }));
    expect(await commands.pick('q-1')).toBe(false);
    expect(onError).toHaveBeenCalledWith('conflict', 'chat:pick');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('transfer sends exactly one target and removes the chat on success', async () => {
    const { commands, sent, dispatch } = setup(() => ({ ok: true, data: { chat: chatView({ status: 'queued', agent: undefined }) } }));
    await commands.transfer('chat-1', { toAgentId: 'agent-2' });
    await commands.transfer('chat-1', { toDepartment: 'billing' });
    expect(sent).toEqual([
      ['chat:transfer', { chatId: 'chat-1', toAgentId: 'agent-2' }],
      ['chat:transfer', { chatId: 'chat-1', toDepartment: 'billing' }],
    ]);
    expect(dispatch).toHaveBeenCalledWith({ type: 'chat:transferred', chatId: 'chat-1' });
  });

  it('convert sends the fields and records the ticket', async () => {
    const ticket = ticketView();
    const { commands, sent, dispatch } = setup(() => ({ ok: true, data: { ticket, merged: true } }));
    await commands.convert('chat-1', { subject: ' Panne ', category: 'outage', priority: 'critical' });
    expect(sent).toEqual([['chat:convert', { chatId: 'chat-1', category: 'outage', priority: 'critical', subject: 'Panne' }]]);
    expect(dispatch).toHaveBeenCalledWith({ type: 'chat:converted', chatId: 'chat-1', ticket, merged: true });
  });
});

describe('supervisor commands', () => {
  it('join: chat:join with the id; the chat opens with its messages', async () => {
    const chat = chatView({ id: 'c-7' });
    const { commands, sent, dispatch } = setup(() => ({ ok: true, data: { chat, messages: [] } }));
    expect(await commands.join('c-7')).toBe(true);
    expect(sent).toEqual([['chat:join', { chatId: 'c-7' }]]);
    expect(dispatch).toHaveBeenCalledWith({ type: 'chat:joined', chat, messages: [] });
  });

  it('takeOver: a transfer to oneself; the chat becomes one\'s own and is synced', async () => {
    const chat = chatView({ id: 'c-7' });
    const { commands, sent, dispatch, onPicked } = setup(() => ({ ok: true, data: { chat } }));
    expect(await commands.takeOver('c-7')).toBe(true);
    expect(sent).toEqual([['chat:transfer', { chatId: 'c-7', toAgentId: 'agent-1' }]]);
    expect(dispatch).toHaveBeenCalledWith({ type: 'chat:takenOver', chat });
    expect(onPicked).toHaveBeenCalledWith('c-7');
  });

  it('reports a refused take-over with its own context', async () => {
    const { commands, dispatch, onError } = setup(() => ({ ok: false, error: { code: 'conflict', message: 'full' } }));
    expect(await commands.takeOver('c-7')).toBe(false);
    expect(onError).toHaveBeenCalledWith('conflict', 'takeOver');
    expect(dispatch).not.toHaveBeenCalled();
  });
});
