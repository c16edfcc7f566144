import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ticketView } from '../../test/fixtures';
import { SlaBoard } from './SlaBoard';

afterEach(cleanup);

// The fixture ticket is due at 13:00 UTC.
const now = Date.parse('2026-03-02T13:35:00.000Z');

describe('SlaBoard', () => {
  const late = ticketView({ ref: 'TCK-2026-000001', subject: 'Site en panne', priority: 'critical' });
  // Escalated twice: each escalation moved the due time one 4-hour window on (now due at 17:00).
  const escalated = ticketView({ ref: 'TCK-2026-000002', subject: 'Facture double', priority: 'high', escalationLevel: 2, firstResponseDueAt: '2026-03-02T17:00:00.000Z' });
  const soon = ticketView({ ref: 'TCK-2026-000003', subject: 'Question DNS', priority: 'normal', firstResponseDueAt: '2026-03-02T14:15:00.000Z' });

  function renderBoard(onOpen = vi.fn()) {
    render(<SlaBoard breached={[late, escalated]} atRisk={[soon]} now={now} onOpen={onOpen} />);
    return onOpen;
  }

  it('"En retard" rows show ref, subject, priority, time overdue and escalation level', () => {
    renderBoard();
    const breached = screen.getByRole('region', { name: /En retard/ });
    const rows = within(breached).getAllByRole('listitem');
    expect(rows[0]?.textContent).toContain('TCK-2026-000001');
    expect(rows[0]?.textContent).toContain('Site en panne');
    expect(rows[0]?.textContent).toContain('Critique');
    expect(rows[0]?.textContent).toContain('en retard de 35 min');
    expect(rows[0]?.textContent).toContain('Niveau 0');
    // Due 17:00 after two escalations: first missed at 09:00, 4 h 35 ago.
    expect(rows[1]?.textContent).toContain('en retard de 4 h 35');
    expect(rows[1]?.textContent).toContain('Niveau 2');
    expect(rows[1]?.textContent).toContain('Haute');
  });

  it('"À risque" rows show the time left', () => {
    renderBoard();
    const atRisk = screen.getByRole('region', { name: /À risque/ });
    expect(atRisk.textContent).toContain('TCK-2026-000003');
    expect(atRisk.textContent).toContain('reste 40 min');
    expect(atRisk.textContent).toContain('Niveau 0');
  });

  it('the reference opens the ticket', () => {
    const onOpen = renderBoard();
    fireEvent.click(screen.getByRole('button', { name: 'TCK-2026-000003' }));
    expect(onOpen).toHaveBeenCalledWith('TCK-2026-000003');
  });

  it('says when a list is empty', () => {
    render(<SlaBoard breached={[]} atRisk={[]} now={now} onOpen={vi.fn()} />);
    expect(screen.getByText('Aucun ticket en retard.')).toBeTruthy();
    expect(screen.getByText('Aucun ticket à risque.')).toBeTruthy();
  });
});
