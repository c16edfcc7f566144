import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BillingHelp } from './BillingHelp';
import { HelpActions } from './HelpActions';
import type { VisitorTicket } from './visitorData';

afterEach(cleanup);

const ticket = (patch: Partial<VisitorTicket>): VisitorTicket => ({
  ref: 'TCK-2026-000001',
  subject: 'Site en panne',
  category: 'outage',
  status: 'open',
  createdAt: '2026-03-09T09:00:00.000Z',
  ...patch,
});

describe('HelpActions', () => {
  it('always offers "Contacter un superviseur"', () => {
    const onSupervisor = vi.fn();
    render(<HelpActions tickets={[]} onSupervisor={onSupervisor} onEmergency={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Contacter un superviseur' }));
    expect(onSupervisor).toHaveBeenCalledTimes(1);
  });

  it('hides "Signaler une urgence" without an open outage ticket', () => {
    const tickets = [ticket({ status: 'resolved' }), ticket({ category: 'technical' }), ticket({ status: 'closed' })];
    render(<HelpActions tickets={tickets} onSupervisor={() => undefined} onEmergency={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'Signaler une urgence' })).toBeNull();
  });

  it('offers "Signaler une urgence" with an open or pending outage ticket', () => {
    const onEmergency = vi.fn();
    render(<HelpActions tickets={[ticket({ status: 'pending' })]} onSupervisor={() => undefined} onEmergency={onEmergency} />);
    fireEvent.click(screen.getByRole('button', { name: 'Signaler une urgence' }));
    expect(onEmergency).toHaveBeenCalledTimes(1);
  });
});

describe('BillingHelp', () => {
  it('links the customer area in a new tab', () => {
    render(<BillingHelp url="https://client.example.tn" />);
    expect(screen.getByText(/La plupart des questions de facturation se règlent dans votre espace client/)).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Espace client' });
    expect(link.getAttribute('href')).toBe('https://client.example.tn');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener');
  });

  it('says nothing without a usable address', () => {
    const { container } = render(<BillingHelp url="javascript:alert(1)" />);
    expect(container.textContent).toBe('');
  });
});
