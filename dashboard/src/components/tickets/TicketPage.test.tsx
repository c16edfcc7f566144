import type { TicketHistoryEntry } from '@besoin/shared';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentView, message, ticketView } from '../../test/fixtures';
import { TicketPage } from './TicketPage';

afterEach(cleanup);

const history: TicketHistoryEntry[] = [
  { id: 'h1', kind: 'created', at: '2026-03-02T09:00:00.000Z', text: 'Mon site <script>alert(1)</script> ne répond plus' },
  {
    id: 'h2',
    kind: 'transcript',
    at: '2026-03-02T09:20:00.000Z',
    chatId: 'chat-1',
    messages: [
      message(1, 'Bonjour, erreur 500'),
      message(2, 'Je regarde', { author: { role: 'agent', name: 'Bruno' } }),
      message(3, 'Client VIP, prévenir Denis', { author: { role: 'agent', name: 'Bruno' }, internal: true }),
    ],
  },
  { id: 'h3', kind: 'escalation', at: '2026-03-02T13:00:00.000Z', data: { level: 1, dueAt: '2026-03-02T17:00:00.000Z', priority: 'critical' } },
  { id: 'h4', kind: 'status', at: '2026-03-02T13:05:00.000Z', author: { role: 'agent', name: 'Bruno' }, data: { from: 'open', to: 'pending' } },
  { id: 'h5', kind: 'assignee', at: '2026-03-02T13:06:00.000Z', data: { from: null, to: 'agent-2' } },
  { id: 'h6', kind: 'reply', at: '2026-03-02T13:10:00.000Z', author: { role: 'agent', name: 'Bruno' }, text: '<b>Réparé</b>' },
];

function renderPage(onReply = vi.fn(async () => true)) {
  const onUpdate = vi.fn();
  const result = render(
    <TicketPage
      ticketRef="TCK-2026-000123"
      detail={{ ticket: ticketView({ assigneeId: 'agent-2' }), history }}
      team={[agentView(), agentView({ id: 'agent-2', name: 'Chloé' })]}
      now={Date.parse('2026-03-02T10:46:30.000Z')}
      onBack={vi.fn()}
      onUpdate={onUpdate}
      onReply={onReply}
      onDownload={vi.fn()}
    />,
  );
  return { ...result, onUpdate, onReply };
}

describe('TicketPage', () => {
  it('shows the fields and the time left to first response', () => {
    renderPage();
    expect(screen.getByRole('heading', { name: 'Ticket TCK-2026-000123' })).toBeTruthy();
    expect(screen.getByText('reste 2 h 13')).toBeTruthy();
    expect(screen.getByText('Panne')).toBeTruthy();
  });

  it('renders the history in order with every transcript message, internal notes marked', () => {
    const { container } = renderPage();
    const entries = [...container.querySelectorAll('.history__entry')];
    expect(entries.map((e) => e.querySelector('.history__kind')?.textContent)).toEqual([
      'Demande initiale', 'Transcription de la discussion', 'Escalade', 'Changement de statut', 'Assignation', 'Réponse',
    ]);
    const transcript = entries[1] as HTMLElement;
    const items = within(transcript).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.message__text')?.textContent)).toEqual(['Bonjour, erreur 500', 'Je regarde', 'Client VIP, prévenir Denis']);
    expect(within(items[1]!).getByText('Bruno')).toBeTruthy();
    expect(items[2]?.className).toContain('message--internal');
    expect(within(items[2]!).getByText('Note interne')).toBeTruthy();
    expect(items[0]?.textContent).not.toContain('Note interne');
    expect(entries[3]?.textContent).toContain('Statut : Ouvert → En attente');
    expect(entries[3]?.textContent).toContain('par Bruno');
    expect(entries[4]?.textContent).toContain('Assignation : Personne → Chloé');
    expect(entries[2]?.textContent).toContain('Niveau 1 — priorité Critique');
  });

  it('renders text literally, never as HTML', () => {
    const { container } = renderPage();
    expect(screen.getByText('Mon site <script>alert(1)</script> ne répond plus')).toBeTruthy();
    expect(screen.getByText('<b>Réparé</b>')).toBeTruthy();
    expect(container.querySelector('script, b')).toBeNull();
  });

  it('changes status, priority and assignee through PATCH callbacks', () => {
    const { onUpdate } = renderPage();
    fireEvent.change(screen.getByRole('combobox', { name: 'Statut' }), { target: { value: 'resolved' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Priorité' }), { target: { value: 'high' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Assigné à' }), { target: { value: '' } });
    expect(onUpdate.mock.calls).toEqual([[{ status: 'resolved' }], [{ priority: 'high' }], [{ assigneeId: null }]]);
  });

  it('"Envoyer la réponse" sends the reply and clears the box once stored', async () => {
    const { onReply } = renderPage();
    const box = screen.getByRole('textbox', { name: 'Répondre' }) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: '  Le serveur redémarre.  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer la réponse' }));
    expect(onReply).toHaveBeenCalledWith('Le serveur redémarre.');
    await waitFor(() => expect(box.value).toBe(''));
  });
});
