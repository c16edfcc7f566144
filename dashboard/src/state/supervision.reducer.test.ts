import { describe, expect, it } from 'vitest';
import { agentView, chatView, message, ticketView } from '../test/fixtures';
import { type DeskAction, deskReducer } from './deskReducer';
import { type DeskState, initialDeskState } from './deskState';

const supervisor = agentView({ id: 'sup-1', name: 'Sarah', role: 'supervisor' });
const run = (...actions: DeskAction[]): DeskState => actions.reduce(deskReducer, initialDeskState);
const readyAs = (agent = supervisor): DeskAction => ({ type: 'session:ready', agent, chats: [], queues: [] });

describe('sla:breached', () => {
  it('shows the notice, updates the tickets list and moves the ticket to "En retard"', () => {
    const atRisk = ticketView({ ref: 'TCK-2026-000007', escalationLevel: 0, priority: 'normal' });
    const breached = { ...atRisk, escalationLevel: 1, priority: 'high' as const, firstResponseDueAt: '2026-03-02T17:00:00.000Z' };
    const earlier = ticketView({ ref: 'TCK-2026-000001', escalationLevel: 3, firstResponseDueAt: '2026-03-02T15:00:00.000Z' });
    const state = run(
      readyAs(),
      { type: 'tickets:loaded', filters: {}, append: false, tickets: [atRisk], total: 1 },
      { type: 'supervision:loaded', breached: [earlier], atRisk: [atRisk] },
      { type: 'sla:breached', ticket: breached },
    );
    expect(state.notice).toBe('Ticket TCK-2026-000007 : délai de première réponse dépassé (niveau 1)');
    expect(state.tickets.list[0]?.priority).toBe('high');
    expect(state.supervision.atRisk).toEqual([]);
    expect(state.supervision.breached?.map((t) => t.ref)).toEqual(['TCK-2026-000001', 'TCK-2026-000007']);
  });

  it('an answered ticket leaves the board on ticket:updated', () => {
    const ticket = ticketView();
    const state = run(
      readyAs(),
      { type: 'supervision:loaded', breached: [ticket], atRisk: [] },
      { type: 'ticket:updated', ticket: { ...ticket, firstRespondedAt: '2026-03-02T14:00:00.000Z' } },
    );
    expect(state.supervision.breached).toEqual([]);
  });
});

describe('emergency:raised', () => {
  const raised: DeskAction = { type: 'emergency:raised', ticket: ticketView(), emergencyId: 'em-1' };

  it('raises one alarm per emergency for supervisors; "J\'ai vu" dismisses it', () => {
    let state = run(readyAs(), raised, raised);
    expect(state.supervision.alarms).toEqual([{ emergencyId: 'em-1', ticket: ticketView() }]);
    state = deskReducer(state, { type: 'alarm:acknowledged', emergencyId: 'em-1' });
    expect(state.supervision.alarms).toEqual([]);
  });

  it('is ignored for agents', () => {
    const state = run(readyAs(agentView()), raised);
    expect(state.supervision.alarms).toEqual([]);
  });

  it('marking abuse replaces the emergency', () => {
    const emergency = {
      id: 'em-1', ticketRef: 'TCK-2026-000123', requesterEmail: 'a@example.com', description: 'x', testedOtherDevices: true,
      testedOtherNetworks: true, abuse: false, createdAt: '2026-03-02T09:00:00.000Z', ticket: ticketView(),
    };
    const state = run(readyAs(), { type: 'supervision:loaded', emergencies: [emergency] }, { type: 'emergency:updated', emergency: { ...emergency, abuse: true } });
    expect(state.supervision.emergencies?.[0]?.abuse).toBe(true);
  });
});

describe('joined chats', () => {
  const other = chatView({ id: 'c-7', agent: { id: 'agent-1', displayName: 'Bruno' } });
  const joined: DeskAction = { type: 'chat:joined', chat: other, messages: [message(1, 'bonjour', { chatId: 'c-7' })] };

  it('chat:join opens the chat as observed, in the chats view', () => {
    const state = run(readyAs(), { type: 'view:changed', view: 'supervision' }, joined);
    expect(state.view).toBe('chats');
    expect(state.selectedChatId).toBe('c-7');
    expect(state.chats['c-7']?.observing).toBe(true);
    expect(state.chats['c-7']?.messages.map((m) => m.text)).toEqual(['bonjour']);
  });

  it('an observed chat stays when it is updated with its own agent, and receives messages', () => {
    const state = run(
      readyAs(),
      joined,
      { type: 'chat:updated', chat: { ...other, lastSeq: 2 } },
      { type: 'message:created', message: message(2, 'Sarah (superviseur) a rejoint la discussion.', { chatId: 'c-7', author: { role: 'system', name: '' } }) },
    );
    expect(state.chats['c-7']?.observing).toBe(true);
    expect(state.chats['c-7']?.messages).toHaveLength(2);
    expect(state.notice).toBeNull();
  });

  it('taking over makes the chat one\'s own and updates the active list', () => {
    const mine = { ...other, agent: { id: 'sup-1', displayName: 'Sarah' } };
    const state = run(readyAs(), { type: 'supervision:loaded', activeChats: [other] }, joined, { type: 'chat:takenOver', chat: mine });
    expect(state.chats['c-7']?.observing).toBe(false);
    expect(state.chats['c-7']?.chat.agent?.id).toBe('sup-1');
    expect(state.supervision.activeChats?.[0]?.agent?.id).toBe('sup-1');
    expect(state.selectedChatId).toBe('c-7');
  });

  it('chat:assigned of an observed chat ends the observation', () => {
    const state = run(readyAs(), joined, { type: 'chat:assigned', chat: { ...other, agent: { id: 'sup-1', displayName: 'Sarah' } }, messages: [] });
    expect(state.chats['c-7']?.observing).toBe(false);
  });

  it('an ended chat leaves the active list', () => {
    const state = run(readyAs(), { type: 'supervision:loaded', activeChats: [other] }, { type: 'chat:updated', chat: { ...other, status: 'ended' } });
    expect(state.supervision.activeChats).toEqual([]);
  });
});

describe('agents', () => {
  it('agent:updated about someone else updates the team, not the logged-in agent', () => {
    const bruno = agentView();
    const state = run(readyAs(), { type: 'team:loaded', agents: [bruno, supervisor] }, { type: 'agent:updated', agent: { ...bruno, status: 'away' } });
    expect(state.agent?.id).toBe('sup-1');
    expect(state.team?.find((a) => a.id === 'agent-1')?.status).toBe('away');
  });

  it('team:agentSaved adds or replaces; team:agentDeleted removes', () => {
    let state = run(readyAs(), { type: 'team:loaded', agents: [supervisor] });
    state = deskReducer(state, { type: 'team:agentSaved', agent: agentView() });
    state = deskReducer(state, { type: 'team:agentSaved', agent: { ...supervisor, name: 'Sarah B.' } });
    expect(state.team?.map((a) => a.name)).toEqual(['Sarah B.', 'Bruno']);
    expect(state.agent?.name).toBe('Sarah B.');
    state = deskReducer(state, { type: 'team:agentDeleted', agentId: 'agent-1' });
    expect(state.team?.map((a) => a.id)).toEqual(['sup-1']);
  });

  it('a complaint ticket is announced to supervisors', () => {
    const state = run(readyAs(), { type: 'ticket:created', ticket: ticketView({ ref: 'TCK-2026-000050', category: 'complaint', subject: 'Agent impoli' }) });
    expect(state.notice).toBe('Nouvelle réclamation : ticket TCK-2026-000050 — Agent impoli');
  });
});
