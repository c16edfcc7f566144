import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { type DeskAction, deskReducer } from '../../state/deskReducer';
import { initialDeskState } from '../../state/deskState';
import { fakeActions } from '../../test/fakeActions';
import { agentView, chatView, ticketView } from '../../test/fixtures';
import { SupervisionPage } from './SupervisionPage';

afterEach(cleanup);

const now = Date.parse('2026-03-02T09:12:00.000Z');
const supervisor = agentView({ id: 'sup-1', login: 'sarah', name: 'Sarah', role: 'supervisor', departments: ['technical', 'billing', 'sales'], activeChats: 0 });
const watched = chatView({ id: 'c-7', visitor: { name: 'Chloé Dubois', email: 'c@example.com' }, subject: 'Serveur lent' });
const own = chatView({ id: 'c-8', agent: { id: 'sup-1', displayName: 'Sarah' }, visitor: { name: 'Marc', email: 'm@example.com' }, subject: 'DNS' });

function state() {
  const actions: DeskAction[] = [
    { type: 'session:ready', agent: supervisor, chats: [own], queues: [] },
    {
      type: 'queues:loaded',
      at: now,
      queues: [
        { department: 'technical', waiting: 0, oldestWaitSeconds: 0, chats: [] },
        { department: 'billing', waiting: 1, oldestWaitSeconds: 60, chats: [chatView({ id: 'q-1', status: 'queued', department: 'billing', agent: undefined })] },
        { department: 'sales', waiting: 0, oldestWaitSeconds: 0, chats: [] },
      ],
    },
    { type: 'team:loaded', agents: [agentView({ activeChats: 2, maxChats: 3 }), agentView({ id: 'a-2', name: 'Nadia', status: 'away', activeChats: 0 }), supervisor] },
    { type: 'supervision:loaded', activeChats: [watched, own], breached: [ticketView()], atRisk: [], emergencies: [{
      id: 'em-1', ticketRef: 'TCK-2026-000123', requesterEmail: 'alice@example.com', description: 'Tout est coupé.',
      testedOtherDevices: true, testedOtherNetworks: false, abuse: false, createdAt: '2026-03-02T09:05:00.000Z', ticket: ticketView(),
    }] },
  ];
  return actions.reduce(deskReducer, initialDeskState);
}

describe('SupervisionPage', () => {
  it('loads on show and lists every queue and every agent with status and load', () => {
    const actions = fakeActions();
    render(<SupervisionPage state={state()} now={now} actions={actions} />);
    expect(actions.refreshSupervision).toHaveBeenCalledTimes(1);
    for (const name of [/Technique/, /Facturation/, /Ventes/]) expect(screen.getByRole('region', { name })).toBeTruthy();
    const agents = screen.getByRole('region', { name: 'Agents' });
    const bruno = within(agents).getByText('Bruno').closest('li')!;
    expect(bruno.textContent).toContain('En ligne · 2/3');
    expect(within(agents).getByText('Nadia').closest('li')!.textContent).toContain('Absent · 0/3');
    expect(within(agents).getByText('Sarah').closest('li')!.textContent).toContain('Superviseur');
  });

  it('lists active chats with agent and age; "Rejoindre" and "Prendre la main" call back with the chat id', () => {
    const actions = fakeActions();
    render(<SupervisionPage state={state()} now={now} actions={actions} />);
    const list = screen.getByRole('region', { name: 'Discussions en cours' });
    const item = within(list).getByText('Chloé Dubois — Serveur lent').closest('li')!;
    expect(item.textContent).toContain('avec Bruno');
    expect(item.textContent).toContain('depuis 12 min');
    const join = within(item).getByRole('button', { name: 'Rejoindre' });
    expect(document.getElementById(join.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Chloé Dubois — Serveur lent');
    fireEvent.click(join);
    expect(actions.join).toHaveBeenCalledWith('c-7');
    fireEvent.click(within(item).getByRole('button', { name: 'Prendre la main' }));
    expect(actions.takeOver).toHaveBeenCalledWith('c-7');
  });

  it('a chat already on the desk opens instead of joining; one\'s own chat cannot be taken over', () => {
    const actions = fakeActions();
    render(<SupervisionPage state={state()} now={now} actions={actions} />);
    const item = screen.getByText('Marc — DNS').closest('li')!;
    expect(within(item).queryByRole('button', { name: 'Prendre la main' })).toBeNull();
    fireEvent.click(within(item).getByRole('button', { name: 'Ouvrir' }));
    expect(actions.select).toHaveBeenCalledWith('c-8');
    expect(actions.navigate).toHaveBeenCalledWith('chats');
  });

  it('shows the SLA board and the emergencies; "Marquer comme abus" calls back with the emergency id', () => {
    const actions = fakeActions();
    render(<SupervisionPage state={state()} now={Date.parse('2026-03-02T14:00:00.000Z')} actions={actions} />);
    expect(screen.getByRole('region', { name: /En retard/ }).textContent).toContain('en retard de 1 h 00');
    const emergencies = screen.getByRole('region', { name: 'Urgences' });
    expect(emergencies.textContent).toContain('Tout est coupé.');
    expect(emergencies.textContent).toContain('Autres appareils testés : oui · autres réseaux testés : non');
    fireEvent.click(within(emergencies).getByRole('button', { name: 'Marquer comme abus' }));
    expect(actions.markAbuse).toHaveBeenCalledWith('em-1');
    fireEvent.click(within(emergencies).getByRole('button', { name: 'TCK-2026-000123' }));
    expect(actions.navigate).toHaveBeenCalledWith('tickets');
    expect(actions.openTicket).toHaveBeenCalledWith('TCK-2026-000123');
  });

  it('"Prendre" in a queue picks the chat', () => {
    const actions = fakeActions();
    render(<SupervisionPage state={state()} now={now} actions={actions} />);
    fireEvent.click(within(screen.getByRole('region', { name: /Facturation/ })).getByRole('button', { name: 'Prendre' }));
    expect(actions.pick).toHaveBeenCalledWith('q-1');
  });
});
