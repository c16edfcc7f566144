import type { TicketView } from '@besoin/shared';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TicketDone } from './TicketDone';

afterEach(cleanup);

const ticket: TicketView = {
  ref: 'TCK-2026-000123',
  subject: 'Site en panne',
  department: 'technical',
  category: 'outage',
  priority: 'critical',
  urgent: false,
  status: 'open',
  requester: { name: 'Amira', email: 'amira@example.tn' },
  source: 'form',
  chatIds: [],
  firstResponseDueAt: '2026-03-09T13:00:00.000Z',
  escalationLevel: 0,
  createdAt: '2026-03-09T09:00:00.000Z',
};

describe('TicketDone', () => {
  it('gives the reference, the 4-hour target and the due time in the visitor zone', () => {
    const onNew = vi.fn();
    render(<TicketDone ticket={ticket} merged={false} onNew={onNew} timeZone="Europe/Paris" locale="fr" />);
    expect(screen.getByText('Merci ! Votre demande est enregistrée sous la référence TCK-2026-000123.')).toBeTruthy();
    expect(screen.getByText('Nous visons une première réponse sous 4 heures.')).toBeTruthy();
    expect(screen.getByText('Réponse attendue au plus tard le lundi 9 mars à 14:00 UTC+1.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Nouvelle demande' }));
    expect(onNew).toHaveBeenCalledTimes(1);
  });

  it('says when the message joined an open ticket, and counts billing hours as business hours', () => {
    render(<TicketDone ticket={{ ...ticket, department: 'billing' }} merged onNew={() => undefined} />);
    expect(screen.getByText(/votre message a été ajouté au ticket TCK-2026-000123\.$/)).toBeTruthy();
    expect(screen.getByText(/sous 4 heures ouvrées/)).toBeTruthy();
  });
});
