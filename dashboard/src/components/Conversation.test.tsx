import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatEntry, chatView, message } from '../test/fixtures';
import { Conversation } from './Conversation';

afterEach(cleanup);

function renderConversation(overrides: Parameters<typeof chatEntry>[0] = {}) {
  const onSend = vi.fn();
  const onClose = vi.fn();
  const onDismiss = vi.fn();
  const onInput = vi.fn();
  const result = render(
    <Conversation entry={chatEntry(overrides)} agentName="Bruno" onSend={onSend} onClose={onClose} onDismiss={onDismiss} onInput={onInput} />,
  );
  return { ...result, onSend, onClose, onDismiss, onInput };
}

describe('Conversation', () => {
  it('shows the visitor, e-mail, department label, subject and status', () => {
    renderConversation();
    expect(screen.getByRole('heading', { name: 'Alice Martin' })).toBeTruthy();
    expect(screen.getByText('alice@example.com')).toBeTruthy();
    expect(screen.getByText('Technique')).toBeTruthy();
    expect(screen.getByText('Site en panne')).toBeTruthy();
    expect(screen.getByText('En cours')).toBeTruthy();
  });

  it('renders message text as text, never as HTML', () => {
    const attack = '<img src=x onerror=alert(1)>';
    const { container } = renderConversation({ messages: [message(1, attack), message(2, '<b>gras</b>')] });
    const log = screen.getByRole('log');
    expect(within(log).getByText(attack)).toBeTruthy();
    expect(within(log).getByText('<b>gras</b>')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('shows messages in seq order with author, and system messages apart', () => {
    renderConversation({
      messages: [
        message(1, 'Bonjour'),
        message(2, 'Bruno a rejoint la discussion', { author: { role: 'system', name: 'Système' } }),
        message(3, 'Que puis-je faire ?', { author: { role: 'agent', name: 'Bruno' } }),
      ],
      pending: [{ chatId: 'chat-1', clientMessageId: 'c-9', text: 'En cours d’envoi', createdAt: '2026-03-02T09:10:00.000Z' }],
    });
    const items = within(screen.getByRole('log')).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('data-seq'))).toEqual(['1', '2', '3', null]);
    expect(items[1]?.className).toContain('message--system');
    expect(within(items[2]!).getByText('Bruno')).toBeTruthy();
    expect(within(items[3]!).getByText('envoi…')).toBeTruthy();
  });

  it('orders messages by seq and shows each seq once', () => {
    renderConversation({ messages: [message(3, 'trois'), message(1, 'un'), message(2, 'deux'), message(1, 'un')] });
    const texts = within(screen.getByRole('log'))
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.message__text')?.textContent);
    expect(texts).toEqual(['un', 'deux', 'trois']);
  });

  it('shows the typing indicator when the visitor types', () => {
    const { rerender, onSend, onClose, onDismiss } = renderConversation();
    expect(screen.queryByText('Le visiteur écrit…')).toBeNull();
    rerender(
      <Conversation entry={chatEntry({ visitorTyping: true })} agentName="Bruno" onSend={onSend} onClose={onClose} onDismiss={onDismiss} />,
    );
    expect(screen.getByText('Le visiteur écrit…')).toBeTruthy();
  });

  it('sends the trimmed text with "Envoyer" and clears the composer', () => {
    const { onSend, onInput } = renderConversation();
    const box = screen.getByRole('textbox', { name: 'Votre message' }) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: '  Bonjour, je regarde.  ' } });
    expect(onInput).toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(onSend).toHaveBeenCalledWith('Bonjour, je regarde.', false);
    expect(box.value).toBe('');
  });

  it('sends on Enter but not on Shift+Enter, and never sends blank text', () => {
    const { onSend } = renderConversation();
    const box = screen.getByRole('textbox', { name: 'Votre message' }) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.input(box, { target: { value: 'ligne 1' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('ligne 1', false);
  });

  it('"Clore" calls close', () => {
    const { onClose } = renderConversation();
    fireEvent.click(screen.getByRole('button', { name: 'Clore' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('an ended chat has no composer and can be dismissed', () => {
    const { onDismiss } = renderConversation({ chat: chatView({ status: 'ended' }) });
    expect(screen.queryByRole('textbox', { name: 'Votre message' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Clore' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Retirer de la liste' }));
    expect(onDismiss).toHaveBeenCalled();
  });
});

describe('Conversation — notes, transfer, conversion', () => {
  it('sends an internal note when "Note interne" is checked, and shows notes with their label', () => {
    const { onSend } = renderConversation({
      messages: [
        message(1, 'Bonjour'),
        message(2, 'Client connu, déjà venu hier', { author: { role: 'agent', name: 'Bruno' }, internal: true }),
      ],
    });
    const note = screen.getByRole('log').querySelector('[data-seq="2"]');
    expect(note?.className).toContain('message--internal');
    expect(note?.textContent).toContain('Note interne');
    expect(screen.getByRole('log').querySelector('[data-seq="1"]')?.textContent).not.toContain('Note interne');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Note interne' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Votre message' }), { target: { value: 'à vérifier' } });
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(onSend).toHaveBeenCalledWith('à vérifier', true);
  });

  it('has "Transférer" and "Convertir en ticket" in the header of a live chat', () => {
    const onTransfer = vi.fn();
    const onConvert = vi.fn();
    render(
      <Conversation entry={chatEntry()} agentName="Bruno" onSend={vi.fn()} onClose={vi.fn()} onDismiss={vi.fn()} onTransfer={onTransfer} onConvert={onConvert} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Transférer' }));
    fireEvent.click(screen.getByRole('button', { name: 'Convertir en ticket' }));
    expect(onTransfer).toHaveBeenCalledTimes(1);
    expect(onConvert).toHaveBeenCalledTimes(1);
  });

  it('shows the long-conversation banner with its own "Convertir en ticket" button', () => {
    const onConvert = vi.fn();
    render(
      <Conversation
        entry={chatEntry({ chat: chatView({ long: { minutes: 12.4, messages: 31 } }) })}
        agentName="Bruno"
        onSend={vi.fn()}
        onClose={vi.fn()}
        onDismiss={vi.fn()}
        onConvert={onConvert}
      />,
    );
    const banner = screen.getByRole('note');
    expect(banner.textContent).toContain(
      "Conversation longue : 12 min, 31 messages — la politique d'assistance demande de la poursuivre en ticket.",
    );
    fireEvent.click(within(banner).getByRole('button', { name: 'Convertir en ticket' }));
    expect(onConvert).toHaveBeenCalledTimes(1);
  });

  it('a converted chat shows its ticket reference and no banner', () => {
    renderConversation({ chat: chatView({ status: 'converted', ticketRef: 'TCK-2026-000123', long: { minutes: 12, messages: 3 } }) });
    expect(screen.getByText(/Ticket TCK-2026-000123/)).toBeTruthy();
    expect(screen.queryByRole('note')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Transférer' })).toBeNull();
  });
});

describe('Conversation observed by a supervisor', () => {
  it('shows "Vous observez cette discussion", offers "Prendre la main", and the composer sends', () => {
    const onSend = vi.fn();
    const onTakeOver = vi.fn();
    const onDismiss = vi.fn();
    render(<Conversation entry={chatEntry({ observing: true })} agentName="Sarah" observing onTakeOver={onTakeOver} onSend={onSend} onClose={vi.fn()} onDismiss={onDismiss} />);
    expect(screen.getByRole('note').textContent).toContain('Vous observez cette discussion');
    expect(screen.queryByRole('button', { name: 'Clore' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Prendre la main' }));
    expect(onTakeOver).toHaveBeenCalled();
    fireEvent.input(screen.getByRole('textbox', { name: 'Votre message' }), { target: { value: 'Je prends le relais' } });
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(onSend).toHaveBeenCalledWith('Je prends le relais', false);
    fireEvent.click(screen.getByRole('button', { name: 'Ne plus observer' }));
    expect(onDismiss).toHaveBeenCalled();
  });
});
