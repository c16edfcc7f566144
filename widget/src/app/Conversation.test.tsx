import type { ChatView, Message } from '@besoin/shared';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Conversation, type ConversationProps } from './Conversation';
import { downloadTranscript } from '../extra/transcript';

afterEach(cleanup);

const chat: ChatView = {
  id: 'c1',
  status: 'active',
  department: 'technical',
  subject: 'Site en panne',
  visitor: { name: 'Amira', email: 'amira@example.tn' },
  agent: { id: 'a1', displayName: 'Karim' },
  lastSeq: 2,
  createdAt: '2026-03-02T09:00:00.000Z',
};

function message(seq: number, text: string, role: Message['author']['role'] = 'visitor'): Message {
  return {
    id: `m${seq}`,
    chatId: 'c1',
    seq,
    author: { role, name: role === 'agent' ? 'Karim' : 'Amira' },
    text,
    createdAt: `2026-03-02T09:0${seq}:00.000Z`,
  };
}

function setup(overrides: Partial<ConversationProps> = {}) {
  const props: ConversationProps = {
    chat,
    messages: [],
    pending: [],
    agentTyping: false,
    busy: false,
    onSend: vi.fn(),
    onInput: vi.fn(),
    onEnd: vi.fn(),
    onNew: vi.fn(),
    ...overrides,
  };
  render(<Conversation {...props} />);
  return props;
}

describe('Conversation', () => {
  it('renders message text literally, never as HTML', () => {
    const evil = '<img src=x onerror="window.__pwned = 1">';
    setup({ messages: [message(1, evil), message(2, '<b>gras</b>', 'agent')] });
    const log = screen.getByRole('log');
    expect(within(log).getByText(evil)).toBeTruthy();
    expect(within(log).getByText('<b>gras</b>')).toBeTruthy();
    expect(log.querySelector('img')).toBeNull();
    expect(log.querySelector('b')).toBeNull();
  });

  it('shows each message once, ordered by seq, with its author and time', () => {
    const messages = [message(1, 'Bonjour'), message(2, 'Je regarde', 'agent')];
    setup({ messages });
    const items = within(screen.getByRole('log')).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain('Vous');
    expect(items[0]?.textContent).toContain('Bonjour');
    expect(items[1]?.textContent).toContain('Karim');
    expect(items[1]?.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-02T09:02:00.000Z');
  });

  it('shows own messages that are not acknowledged yet as "envoi…"', () => {
    setup({
      messages: [message(1, 'Bonjour')],
      pending: [{ clientMessageId: 'u1', text: 'Vous êtes là ?', createdAt: '2026-03-02T09:05:00.000Z', failed: false }],
    });
    const items = within(screen.getByRole('log')).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[1]?.textContent).toContain('envoi…');
    expect(items[1]?.textContent).toContain('Vous êtes là ?');
    expect(items[0]?.textContent).not.toContain('envoi…');
  });

  it('sends with Enter, keeps Shift+Enter for a new line, and reports typing', () => {
    const props = setup();
    const box = screen.getByRole('textbox', { name: 'Votre message' });
    fireEvent.input(box, { target: { value: 'Ligne 1' } });
    expect(props.onInput).toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(props.onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(props.onSend).toHaveBeenCalledWith('Ligne 1');
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('sends with the "Envoyer" button but not an empty message', () => {
    const props = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(props.onSend).not.toHaveBeenCalled();
    fireEvent.input(screen.getByRole('textbox', { name: 'Votre message' }), { target: { value: 'Merci' } });
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(props.onSend).toHaveBeenCalledWith('Merci');
  });

  it('shows the typing indicator and ends the chat', () => {
    const props = setup({ agentTyping: true });
    expect(screen.getByText('Le conseiller écrit…')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Terminer la discussion' }));
    expect(props.onEnd).toHaveBeenCalledTimes(1);
  });

  it('offers a new chat instead of the composer once ended', () => {
    const props = setup({ chat: { ...chat, status: 'ended' } });
    expect(screen.queryByRole('textbox', { name: 'Votre message' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Terminer la discussion' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Nouvelle discussion' }));
    expect(props.onNew).toHaveBeenCalledTimes(1);
  });
});

describe('Conversation — tickets and transcript', () => {
  it('offers "Laisser un ticket" while queued with offerTicket', () => {
    const onOfferTicket = vi.fn();
    setup({ chat: { ...chat, status: 'queued', agent: undefined, offerTicket: true }, onOfferTicket });
    expect(screen.getByText(/Aucun conseiller n’est disponible/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Laisser un ticket' }));
    expect(onOfferTicket).toHaveBeenCalledTimes(1);
    cleanup();
    setup({ chat: { ...chat, status: 'queued', agent: undefined }, onOfferTicket });
    expect(screen.queryByRole('button', { name: 'Laisser un ticket' })).toBeNull();
  });

  it('keeps a converted chat readable, without composer, and downloads its transcript with the visitor token', async () => {
    const fetchFn = vi.fn(async () => new Response('Transcription', { status: 200 }));
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:t'), revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const converted = { ...chat, status: 'converted' as const, ticketRef: 'TCK-2026-000123' };
    let done: Promise<boolean> | undefined;
    setup({
      chat: converted,
      messages: [message(1, 'Bonjour')],
      onDownload: () => {
        done = downloadTranscript({
          server: 'https://support.example.com',
          chatId: converted.id,
          token: 'visitor-token',
          ticketRef: converted.ticketRef,
          parent: document.body,
          fetchFn,
        });
      },
    });
    expect(screen.queryByRole('textbox', { name: 'Votre message' })).toBeNull();
    expect(within(screen.getByRole('log')).getByText('Bonjour')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Télécharger la transcription' }));
    expect(await done).toBe(true);
    expect(fetchFn).toHaveBeenCalledWith('https://support.example.com/api/visitor/chats/c1/transcript?format=txt', {
      headers: { Authorization: 'Bearer visitor-token' },
    });
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });

  it('offers the transcript only once the chat is over', () => {
    setup({ onDownload: vi.fn() });
    expect(screen.queryByRole('button', { name: 'Télécharger la transcription' })).toBeNull();
    cleanup();
    const onDownload = vi.fn();
    setup({ chat: { ...chat, status: 'ended' }, onDownload });
    fireEvent.click(screen.getByRole('button', { name: 'Télécharger la transcription' }));
    expect(onDownload).toHaveBeenCalledTimes(1);
  });
});
