import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ticketView } from '../../test/fixtures';
import { firstResponseText } from '../slaText';
import { TicketTable } from './TicketTable';

afterEach(cleanup);

// Due at 13:00 UTC.
const at = (iso: string) => Date.parse(iso);

describe('firstResponseText', () => {
  it('says how long is left, how late it is, or that it was answered', () => {
    const ticket = ticketView();
    expect(firstResponseText(ticket, at('2026-03-02T10:46:30.000Z'))).toBe('reste 2 h 13');
    expect(firstResponseText(ticket, at('2026-03-02T12:15:00.000Z'))).toBe('reste 45 min');
    expect(firstResponseText(ticket, at('2026-03-02T12:59:30.000Z'))).toBe("reste moins d'une minute");
    expect(firstResponseText(ticket, at('2026-03-02T13:35:00.000Z'))).toBe('en retard de 35 min');
    expect(firstResponseText(ticket, at('2026-03-02T15:05:00.000Z'))).toBe('en retard de 2 h 05');
    expect(firstResponseText(ticket, at('2026-03-04T14:00:00.000Z'))).toBe('en retard de 2 j 1 h');
    expect(firstResponseText(ticketView({ firstRespondedAt: '2026-03-02T10:00:00.000Z' }), at('2026-03-05T00:00:00.000Z'))).toBe('répondu');
  });
});

describe('TicketTable', () => {
  const tickets = [
    ticketView(),
    ticketView({ ref: 'TCK-2026-000124', subject: 'Facture', department: 'billing', priority: 'low', status: 'pending', firstResponseDueAt: '2026-03-02T10:00:00.000Z', requester: { name: 'Chloé', email: 'c@example.com' } }),
  ];

  it('has the columns and one row per ticket with the time left at the injected now', () => {
    render(<TicketTable tickets={tickets} now={at('2026-03-02T10:46:00.000Z')} onOpen={vi.fn()} />);
    const table = screen.getByRole('table', { name: 'Tickets' });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Référence', 'Sujet', 'Demandeur', 'Service', 'Priorité', 'Statut', 'Première réponse']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText('reste 2 h 14')).toBeTruthy();
    expect(within(rows[0]!).getByText('Critique')).toBeTruthy();
    expect(within(rows[1]!).getByText('en retard de 46 min').className).toContain('sla--late');
    expect(within(rows[1]!).getByText('Facturation')).toBeTruthy();
    expect(within(rows[1]!).getByText('En attente')).toBeTruthy();
  });

  it('opens a ticket from its reference', () => {
    const onOpen = vi.fn();
    render(<TicketTable tickets={tickets} now={0} onOpen={onOpen} />);
    fireEvent.click(screen.getByRole('button', { name: 'TCK-2026-000124' }));
    expect(onOpen).toHaveBeenCalledWith('TCK-2026-000124');
  });
});
