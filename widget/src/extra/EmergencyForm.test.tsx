import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VisitorTicket } from '../app/visitorData';
import { EmergencyForm } from './EmergencyForm';

afterEach(cleanup);

const outage: VisitorTicket = {
  ref: 'TCK-2026-000050',
  subject: 'Site hors service',
  category: 'outage',
  status: 'open',
  createdAt: '2026-03-09T09:00:00.000Z',
};
type Code = 'forbidden' | 'conflict' | 'rate_limited' | 'not_found' | 'internal';
const refuse = (code: Code) => vi.fn(async () => ({ ok: false as const, error: { code, message: code } }));
const button = () => screen.getByRole('button', { name: "Déclencher l'urgence" }) as HTMLButtonElement;

function fill(description = 'Erreur 502 sur tout le site depuis 10 minutes.') {
  fireEvent.click(screen.getByRole('checkbox', { name: "J'ai testé depuis d'autres appareils" }));
  fireEvent.click(screen.getByRole('checkbox', { name: "J'ai testé depuis d'autres réseaux" }));
  fireEvent.input(screen.getByLabelText('Description de la panne'), { target: { value: description } });
}

describe('EmergencyForm', () => {
  it('explains the policy', () => {
    render(<EmergencyForm tickets={[outage]} send={refuse('internal')} onDone={() => undefined} onBack={() => undefined} />);
    expect(screen.getByText(/site ou un serveur actuellement hors service/)).toBeTruthy();
    expect(screen.getByText(/administrateurs système d'astreinte/)).toBeTruthy();
    expect(screen.getByText(/abus ne sont pas tolérés/)).toBeTruthy();
    expect((screen.getByLabelText('Ticket concerné') as HTMLSelectElement).value).toBe('TCK-2026-000050');
  });

  it('enables "Déclencher l\'urgence" only with both boxes ticked and a description', () => {
    render(<EmergencyForm tickets={[outage]} send={refuse('internal')} onDone={() => undefined} onBack={() => undefined} />);
    expect(button().disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: "J'ai testé depuis d'autres appareils" }));
    expect(button().disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: "J'ai testé depuis d'autres réseaux" }));
    expect(button().disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Description de la panne'), { target: { value: '   ' } });
    expect(button().disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Description de la panne'), { target: { value: 'Site en panne' } });
    expect(button().disabled).toBe(false);
    fireEvent.click(screen.getByRole('checkbox', { name: "J'ai testé depuis d'autres réseaux" }));
    expect(button().disabled).toBe(true);
  });

  it('raises the emergency with the checklist and confirms', async () => {
    const send = vi.fn(async () => ({ ok: true as const, data: { emergencyId: 'e1' } }));
    const onDone = vi.fn();
    render(<EmergencyForm tickets={[outage]} send={send} onDone={onDone} onBack={() => undefined} />);
    fill('  Erreur 502  ');
    await act(async () => void fireEvent.click(button()));
    expect(send).toHaveBeenCalledWith({
      ticketRef: 'TCK-2026-000050',
      testedOtherDevices: true,
      testedOtherNetworks: true,
      description: 'Erreur 502',
    });
    expect(screen.getByText("Urgence transmise aux administrateurs d'astreinte.")).toBeTruthy();
    expect(onDone).toHaveBeenCalledWith("Urgence transmise aux administrateurs d'astreinte.");
  });

  it.each([
    ['conflict', 'Une urgence a déjà été signalée pour ce ticket.'],
    ['rate_limited', 'Limite atteinte : 2 urgences par 24 heures.'],
    ['forbidden', "Une urgence n'est possible que pour un ticket de panne ouvert, une fois les deux vérifications faites."],
    ['not_found', 'Ce ticket est introuvable.'],
    ['internal', 'Une erreur est survenue. Réessayez dans un instant.'],
  ] as const)('answers %s in French', async (code, text) => {
    const onDone = vi.fn();
    render(<EmergencyForm tickets={[outage]} send={refuse(code)} onDone={onDone} onBack={() => undefined} />);
    fill();
    await act(async () => void fireEvent.click(button()));
    expect(screen.getByRole('alert').textContent).toBe(text);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('lets the visitor choose among several outage tickets', async () => {
    const send = vi.fn(async () => ({ ok: true as const, data: { emergencyId: 'e1' } }));
    const other = { ...outage, ref: 'TCK-2026-000051', subject: 'Serveur mail' };
    render(<EmergencyForm tickets={[outage, other]} send={send} onDone={() => undefined} onBack={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Ticket concerné'), { target: { value: 'TCK-2026-000051' } });
    fill();
    await act(async () => void fireEvent.click(button()));
    expect(send).toHaveBeenCalledWith(expect.objectContaining({ ticketRef: 'TCK-2026-000051' }));
  });
});
