import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeskActions } from '../socket/agentController';
import { type DeskAction, deskReducer } from '../state/deskReducer';
import { initialDeskState } from '../state/deskState';
import { agentView, chatView, ticketView } from '../test/fixtures';
import { DeskLayout } from './DeskLayout';

afterEach(cleanup);

function fakeActions(): DeskActions {
  const noop = () => undefined;
  return {
    select: vi.fn(), dismiss: noop, send: noop, close: noop, setStatus: noop, inputActivity: noop, dismissError: noop,
    dismissNotice: vi.fn(), navigate: vi.fn(), loadTeam: vi.fn(), pick: vi.fn(async () => true),
    transfer: vi.fn(async () => true), convert: vi.fn(async () => true), loadTickets: vi.fn(), loadMoreTickets: noop,
    openTicket: vi.fn(), updateTicket: noop, replyToTicket: vi.fn(async () => true), downloadTranscript: noop,
  };
}

const base: DeskAction[] = [
  { type: 'session:ready', agent: agentView(), chats: [chatView()], queues: [] },
  { type: 'chat:selected', chatId: 'chat-1' },
];

describe('DeskLayout', () => {
  it('navigates between "Discussions" and "Tickets"', () => {
    const actions = fakeActions();
    const state = base.reduce(deskReducer, initialDeskState);
    const { rerender } = render(<DeskLayout state={state} actions={actions} onLogout={vi.fn()} />);
    const nav = screen.getByRole('navigation', { name: 'Vues' });
    expect(within(nav).getByRole('button', { name: 'Discussions' }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(within(nav).getByRole('button', { name: 'Tickets' }));
    expect(actions.navigate).toHaveBeenCalledWith('tickets');

    const tickets = deskReducer(
      deskReducer(state, { type: 'view:changed', view: 'tickets' }),
      { type: 'tickets:loaded', filters: {}, append: false, tickets: [ticketView()], total: 1 },
    );
    rerender(<DeskLayout state={tickets} actions={actions} onLogout={vi.fn()} />);
    expect(actions.loadTickets).toHaveBeenCalledWith({});
    expect(screen.getByRole('table', { name: 'Tickets' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Statut' }), { target: { value: 'open' } });
    expect(actions.loadTickets).toHaveBeenLastCalledWith({ status: 'open', q: undefined });
  });

  it('opens the transfer dialog from the header and sends the choice', async () => {
    const actions = fakeActions();
    const state = deskReducer(base.reduce(deskReducer, initialDeskState), {
      type: 'team:loaded',
      agents: [agentView(), agentView({ id: 'agent-2', name: 'Chloé', activeChats: 0 })],
    });
    render(<DeskLayout state={state} actions={actions} onLogout={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Transférer' }));
    expect(actions.loadTeam).toHaveBeenCalled();
    const dialog = screen.getByRole('dialog', { name: 'Transférer la discussion' });
    fireEvent.click(within(dialog).getByRole('radio', { name: /Chloé/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Transférer' }));
    expect(actions.transfer).toHaveBeenCalledWith('chat-1', { toAgentId: 'agent-2' });
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows the conversion notice in a visible status region', () => {
    const state = deskReducer(base.reduce(deskReducer, initialDeskState), {
      type: 'chat:converted', chatId: 'chat-1', ticket: ticketView(), merged: false,
    });
    render(<DeskLayout state={state} actions={fakeActions()} onLogout={vi.fn()} />);
    expect(screen.getAllByRole('status').some((s) => s.textContent?.includes('Ticket TCK-2026-000123 créé'))).toBe(true);
  });
});
