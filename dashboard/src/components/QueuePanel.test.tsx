import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatView } from '../test/fixtures';
import { QueuePanel } from './QueuePanel';

afterEach(cleanup);

const now = Date.parse('2026-03-02T09:10:00.000Z');
const queued = chatView({
  id: 'q-1',
  status: 'queued',
  agent: undefined,
  priority: 'high',
  queuePosition: 1,
  createdAt: '2026-03-02T09:05:00.000Z',
  visitor: { name: 'Chloé Dubois', email: 'c@example.com' },
  subject: 'Serveur lent',
});

function renderPanel(onPick = vi.fn()) {
  render(
    <QueuePanel
      departments={['technical', 'billing']}
      queues={{ technical: { department: 'technical', waiting: 1, oldestWaitSeconds: 180 }, billing: { department: 'billing', waiting: 0, oldestWaitSeconds: 0 } }}
      queueChats={{ technical: [queued], billing: [] }}
      queuesAt={now - 60_000}
      now={now}
      onPick={onPick}
    />,
  );
  return onPick;
}

describe('QueuePanel', () => {
  it('shows each department with its waiting count and oldest wait', () => {
    renderPanel();
    const technical = screen.getByRole('region', { name: /Technique/ });
    expect(technical.textContent).toContain('1 en attente');
    // 180 s when received, one minute ago.
    expect(technical.textContent).toContain('la plus ancienne : 4 min');
    const billing = screen.getByRole('region', { name: /Facturation/ });
    expect(billing.textContent).toContain('0 en attente');
    expect(billing.textContent).toContain('Personne en attente.');
  });

  it('lists queued chats with name — subject, priority and waiting time', () => {
    renderPanel();
    const item = screen.getByText('Chloé Dubois — Serveur lent').closest('li')!;
    expect(item.textContent).toContain('Haute');
    expect(item.textContent).toContain('attend depuis 5 min');
  });

  it('"Prendre" calls back with the chat id and is described by the chat name', () => {
    const onPick = renderPanel();
    const button = within(screen.getByRole('region', { name: /Technique/ })).getByRole('button', { name: 'Prendre' });
    expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Chloé Dubois — Serveur lent');
    fireEvent.click(button);
    expect(onPick).toHaveBeenCalledWith('q-1');
  });
});
