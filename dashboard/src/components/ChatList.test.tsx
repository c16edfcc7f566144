import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatEntry, chatView, message } from '../test/fixtures';
import { ChatList } from './ChatList';

afterEach(cleanup);

const alice = chatEntry({
  messages: [message(1, 'un'), message(2, 'deux', { author: { role: 'agent', name: 'Bruno' } }), message(3, 'trois'), message(4, 'quatre')],
  seenSeq: 2,
});
const chloe = chatEntry({
  chat: chatView({ id: 'chat-2', subject: 'Facture en double', department: 'billing', visitor: { name: 'Chloé Dubois', email: 'c@example.com' } }),
});
const ended = chatEntry({ chat: chatView({ id: 'chat-3', status: 'ended', visitor: { name: 'Denis', email: 'd@example.com' }, subject: 'DNS' }) });

describe('ChatList', () => {
  it('names each chat by visitor and subject, inside the "Discussions" navigation', () => {
    render(<ChatList entries={[alice, chloe, ended]} selectedChatId={null} onSelect={() => undefined} />);
    const nav = screen.getByRole('navigation', { name: 'Discussions' });
    const names = within(nav).getAllByRole('button').map((b) => b.getAttribute('aria-label'));
    expect(names).toEqual(['Alice Martin — Site en panne', 'Chloé Dubois — Facture en double', 'Denis — DNS']);
    expect(within(nav).getByRole('button', { name: 'Alice Martin — Site en panne' })).toBeTruthy();
  });

  it('shows unread visitor messages as a badge and in the description, not in the name', () => {
    render(<ChatList entries={[alice, chloe]} selectedChatId={null} onSelect={() => undefined} />);
    const button = screen.getByRole('button', { name: 'Alice Martin — Site en panne' });
    const description = document.getElementById(button.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toContain('2 non lu(s)');
    expect(button.closest('li')?.querySelector('.chat-item__badge')?.textContent).toBe('2');
    const other = screen.getByRole('button', { name: 'Chloé Dubois — Facture en double' });
    expect(other.closest('li')?.querySelector('.chat-item__badge')).toBeNull();
  });

  it('greys ended chats and marks the selected one; clicking selects', () => {
    const onSelect = vi.fn();
    render(<ChatList entries={[alice, ended]} selectedChatId="chat-1" onSelect={onSelect} />);
    expect(screen.getByRole('button', { name: 'Alice Martin — Site en panne' }).getAttribute('aria-current')).toBe('true');
    const endedButton = screen.getByRole('button', { name: 'Denis — DNS' });
    expect(endedButton.closest('li')?.className).toContain('chat-item--ended');
    fireEvent.click(endedButton);
    expect(onSelect).toHaveBeenCalledWith('chat-3');
  });
});
