import type { ChatStartPayload } from '@besoin/shared';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Panel } from './Panel';
import type { Session, SessionState } from './session';

afterEach(cleanup);

/** A session without a server: state set by the test, commands recorded. */
function fakeSession(initial: Partial<SessionState> = {}) {
  let state: SessionState = {
    connection: 'online',
    chat: null,
    messages: [],
    pending: [],
    agentTyping: false,
    busy: false,
    error: null,
    ...initial,
  };
  const listeners = new Set<() => void>();
  const session: Session = {
    getState: () => state,
    subscribe: (fn) => (listeners.add(fn), () => void listeners.delete(fn)),
    start: vi.fn(async (_payload: ChatStartPayload) => undefined),
    send: vi.fn(),
    input: vi.fn(),
    end: vi.fn(async () => undefined),
    reset: vi.fn(),
    close: vi.fn(),
  };
  const set = (patch: Partial<SessionState>) =>
    act(() => {
      state = { ...state, ...patch };
      listeners.forEach((fn) => fn());
    });
  return { session, set };
}

describe('Panel', () => {
  it('is a dialog named "Assistance" with a "Fermer" button', () => {
    const onClose = vi.fn();
    render(<Panel session={fakeSession().session} open identity={{}} onClose={onClose} />);
    const dialog = screen.getByRole('dialog', { name: 'Assistance' });
    expect(dialog.getAttribute('dir')).toBe('ltr');
    fireEvent.click(screen.getByRole('button', { name: 'Fermer' }));
    fireEvent.keyDown(screen.getByLabelText('Nom'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(2);
    expect(document.activeElement).toBe(screen.getByLabelText('Nom'));
  });

  it('announces connection, queue, agent and errors in French', () => {
    const { session, set } = fakeSession({ connection: 'connecting' });
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    expect(screen.getByRole('status').textContent).toBe('Connexion…');
    const chat = {
      id: 'c1',
      status: 'queued' as const,
      department: 'billing' as const,
      subject: 'Facture',
      visitor: { name: 'Amira', email: 'amira@example.tn' },
      queuePosition: 2,
      lastSeq: 1,
      createdAt: '2026-03-02T09:00:00.000Z',
    };
    set({ connection: 'online', chat });
    expect(screen.getByRole('status').textContent).toBe("Vous êtes n° 2 dans la file d'attente");
    expect(screen.getByRole('textbox', { name: 'Votre message' })).toBeTruthy();
    set({ chat: { ...chat, status: 'active', agent: { id: 'a1', displayName: 'Karim' } } });
    expect(screen.getByRole('status').textContent).toBe('Un conseiller a rejoint la discussion : Karim');
    set({ error: { code: 'rate_limited' } });
    expect(screen.getByRole('alert').textContent).toBe('Trop de messages envoyés. Patientez quelques secondes.');
  });

  it('says that a closed department is closed', () => {
    const { session } = fakeSession({ error: { code: 'department_closed', department: 'billing' } });
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    expect(screen.getByRole('alert').textContent).toBe('Le service Facturation est fermé pour le moment.');
  });

  it('starts the chat with the parsed payload', () => {
    const { session } = fakeSession();
    render(<Panel session={session} open identity={{ name: 'Amira', email: 'amira@example.tn' }} onClose={() => undefined} />);
    fireEvent.input(screen.getByLabelText('Sujet'), { target: { value: 'Site en panne' } });
    fireEvent.input(screen.getByLabelText('Message'), { target: { value: 'Erreur 500' } });
    fireEvent.click(screen.getByRole('button', { name: 'Démarrer la discussion' }));
    expect(session.start).toHaveBeenCalledWith({
      name: 'Amira',
      email: 'amira@example.tn',
      department: 'technical',
      subject: 'Site en panne',
      message: 'Erreur 500',
    });
  });
});
