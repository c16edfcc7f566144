import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DeskAction, deskReducer } from '../state/deskReducer';
import { initialDeskState } from '../state/deskState';
import { fakeActions } from '../test/fakeActions';
import { agentView, chatView, ticketView } from '../test/fixtures';
import { DeskLayout } from './DeskLayout';

afterEach(cleanup);

const base: DeskAction[] = [
  { type: 'session:ready', agent: agentView(), chats: [chatView()], queues: [] },
  { type: 'chat:selected', chatId: 'chat-1' },
];

describe('DeskLayout', () => {
  it('navigates between "Discussions" and "Tickets"', () => {
    const actions = fakeActions();
    const state = base.reduce(deskReducer, initialDeskState);
    const { rerender } = render(<DeskLayout state={state} actions={actions} onLogout={vi.fn()} onLogoutAll={vi.fn()} />);
    const nav = screen.getByRole('navigation', { name: 'Vues' });
    expect(within(nav).getByRole('button', { name: 'Discussions' }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(within(nav).getByRole('button', { name: 'Tickets' }));
    expect(actions.navigate).toHaveBeenCalledWith('tickets');

    const tickets = deskReducer(
      deskReducer(state, { type: 'view:changed', view: 'tickets' }),
      { type: 'tickets:loaded', filters: {}, append: false, tickets: [ticketView()], total: 1 },
    );
    rerender(<DeskLayout state={tickets} actions={actions} onLogout={vi.fn()} onLogoutAll={vi.fn()} />);
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
    render(<DeskLayout state={state} actions={actions} onLogout={vi.fn()} onLogoutAll={vi.fn()} />);
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
    render(<DeskLayout state={state} actions={fakeActions()} onLogout={vi.fn()} onLogoutAll={vi.fn()} />);
    expect(screen.getAllByRole('status').some((s) => s.textContent?.includes('Ticket TCK-2026-000123 créé'))).toBe(true);
  });
});

describe('DeskLayout views by role', () => {
  const as = (role: 'supervisor' | 'admin', view: 'supervision' | 'team') =>
    [
      { type: 'session:ready', agent: agentView({ role }), chats: [], queues: [] },
      { type: 'view:changed', view },
    ].reduce((s, a) => deskReducer(s, a as DeskAction), initialDeskState);

  it('loads the supervision page on demand for a supervisor', async () => {
    const actions = fakeActions();
    render(<DeskLayout state={as('supervisor', 'supervision')} actions={actions} onLogout={vi.fn()} onLogoutAll={vi.fn()} />);
    const nav = screen.getByRole('navigation', { name: 'Vues' });
    expect(within(nav).getByRole('button', { name: 'Supervision' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).queryByRole('button', { name: 'Équipe' })).toBeNull();
    expect(await screen.findByRole('heading', { name: 'Supervision', level: 2 })).toBeTruthy();
    await vi.waitFor(() => expect(actions.refreshSupervision).toHaveBeenCalled());
  });

  it('a supervisor cannot open the team page; an admin can', async () => {
    const { unmount } = render(<DeskLayout state={as('supervisor', 'team')} actions={fakeActions()} onLogout={vi.fn()} onLogoutAll={vi.fn()} />);
    expect(screen.getByText('Sélectionnez une discussion dans la liste.')).toBeTruthy();
    unmount();
    render(<DeskLayout state={as('admin', 'team')} actions={fakeActions()} onLogout={vi.fn()} onLogoutAll={vi.fn()} />);
    expect(await screen.findByRole('form', { name: 'Nouvel agent' })).toBeTruthy();
  });
});
