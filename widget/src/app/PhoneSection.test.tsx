import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PhoneSection } from './PhoneSection';
import type { VisitorTicket } from './visitorData';

afterEach(cleanup);

const NOW = Date.parse('2026-03-09T14:00:00.000Z');
const ticket = (patch: Partial<VisitorTicket>): VisitorTicket => ({
  ref: 'TCK-2026-000001',
  subject: 'Site en panne',
  category: 'technical',
  status: 'open',
  createdAt: '2026-03-09T09:00:00.000Z',
  ...patch,
});

describe('PhoneSection', () => {
  it('shows the number as a tel: link and the ticket-first rule', () => {
    render(<PhoneSection phone="+216 71 000 000" hours={4} tickets={[]} now={NOW} />);
    expect(screen.getByRole('heading', { name: 'Par téléphone' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '+216 71 000 000' }).getAttribute('href')).toBe('tel:+21671000000');
    expect(screen.getByText("Soumettez d'abord un ticket et attendez au moins 4 heures avant d'appeler.")).toBeTruthy();
    expect(screen.queryByText(/attend une réponse/)).toBeNull();
  });

  it('says which tickets waited more than 4 hours without an answer (now injected)', () => {
    const tickets = [
      ticket({ ref: 'TCK-2026-000007', createdAt: '2026-03-09T09:30:00.000Z' }), // 4 h 30 ago
      ticket({ ref: 'TCK-2026-000008', createdAt: '2026-03-09T12:00:00.000Z' }), // 2 h ago
      ticket({ ref: 'TCK-2026-000009', firstRespondedAt: '2026-03-09T10:00:00.000Z' }), // answered
    ];
    render(<PhoneSection phone="+216 71 000 000" hours={4} tickets={tickets} now={NOW} />);
    expect(
      screen.getByText(
        'Votre ticket TCK-2026-000007 attend une réponse depuis plus de 4 heures : vous pouvez nous appeler au +216 71 000 000.',
      ),
    ).toBeTruthy();
    expect(screen.getAllByText(/attend une réponse/)).toHaveLength(1);
  });

  it('counts from now: the same ticket is not yet overdue 2 hours earlier', () => {
    const tickets = [ticket({ ref: 'TCK-2026-000007', createdAt: '2026-03-09T09:30:00.000Z' })];
    render(<PhoneSection phone="+216 71 000 000" hours={4} tickets={tickets} now={NOW - 2 * 3_600_000} />);
    expect(screen.queryByText(/attend une réponse/)).toBeNull();
  });
});
