import type { TicketView } from '@besoin/shared';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SupervisorForm } from './SupervisorForm';

afterEach(cleanup);

const complaint: TicketView = {
  ref: 'TCK-2026-000042',
  subject: 'Réclamation',
  department: 'technical',
  category: 'complaint',
  priority: 'high',
  urgent: false,
  status: 'open',
  requester: { name: 'Amira', email: 'amira@example.tn' },
  source: 'complaint',
  chatIds: [],
  firstResponseDueAt: '2026-03-09T13:00:00.000Z',
  escalationLevel: 0,
  createdAt: '2026-03-09T09:00:00.000Z',
};
const ok = vi.fn(async () => ({ ok: true as const, data: { ticket: complaint } }));

describe('SupervisorForm', () => {
  it('with an open chat: sends { chatId, message } only, then confirms', async () => {
    const send = vi.fn(async () => ({ ok: true as const, data: { ticket: complaint } }));
    const onDone = vi.fn();
    render(<SupervisorForm chatId="c1" identity={{}} send={send} onDone={onDone} onBack={() => undefined} />);
    expect(screen.getByRole('form', { name: 'Contacter un superviseur' })).toBeTruthy();
    expect(screen.queryByLabelText('Nom')).toBeNull();
    expect(screen.queryByLabelText('E-mail')).toBeNull();
    fireEvent.input(screen.getByLabelText('Votre réclamation'), { target: { value: '  Le conseiller ne répond plus.  ' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Envoyer au superviseur' })));
    expect(send).toHaveBeenCalledWith({ chatId: 'c1', message: 'Le conseiller ne répond plus.' });
    const text = 'Votre réclamation a été transmise à un superviseur (ticket TCK-2026-000042).';
    expect(screen.getByText(text)).toBeTruthy();
    expect(onDone).toHaveBeenCalledWith(text, complaint);
  });

  it('without a chat: asks name and e-mail, prefilled from identify(), and sends them', async () => {
    render(<SupervisorForm identity={{ name: 'Amira', email: 'amira@example.tn' }} send={ok} onDone={() => undefined} onBack={() => undefined} />);
    expect((screen.getByLabelText('Nom') as HTMLInputElement).value).toBe('Amira');
    expect((screen.getByLabelText('E-mail') as HTMLInputElement).value).toBe('amira@example.tn');
    fireEvent.input(screen.getByLabelText('Votre réclamation'), { target: { value: 'Trois relances sans réponse.' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Envoyer au superviseur' })));
    expect(ok).toHaveBeenCalledWith({ name: 'Amira', email: 'amira@example.tn', message: 'Trois relances sans réponse.' });
  });

  it('checks the fields before sending', async () => {
    const send = vi.fn(async () => ({ ok: true as const, data: { ticket: complaint } }));
    render(<SupervisorForm identity={{ name: 'Amira', email: 'pas-un-email' }} send={send} onDone={() => undefined} onBack={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer au superviseur' }));
    expect(screen.getByText('Décrivez votre réclamation.')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Votre réclamation'), { target: { value: 'Rien ne marche.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer au superviseur' }));
    expect(screen.getByLabelText('E-mail').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('E-mail'));
    expect(send).not.toHaveBeenCalled();
  });

  it('says why the server refused, and "Retour" goes back', async () => {
    const send = vi.fn(async () => ({ ok: false as const, error: { code: 'invalid_payload' as const, message: 'bad' } }));
    const onBack = vi.fn();
    render(<SupervisorForm chatId="c1" identity={{}} send={send} onDone={() => undefined} onBack={onBack} />);
    fireEvent.input(screen.getByLabelText('Votre réclamation'), { target: { value: 'x' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Envoyer au superviseur' })));
    expect(screen.getByRole('alert').textContent).toBe('Certaines informations ne sont pas valides. Vérifiez-les et réessayez.');
    fireEvent.click(screen.getByRole('button', { name: 'Retour' }));
    expect(onBack).toHaveBeenCalledTimes(1);
  });
});
