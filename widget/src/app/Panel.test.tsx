import type { ChatStartPayload, ChatView, TicketCreatePayload, TicketView } from '@besoin/shared';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Panel } from './Panel';
import type { DepartmentStates } from './departments';
import type { Session, SessionState } from './session';
import type { PublicConfig } from './visitorData';

afterEach(cleanup);

/** A session without a server: state set by the test, commands recorded. */
function fakeSession(
  initial: Partial<SessionState> = {},
  departments: DepartmentStates | null = null,
  extras: { config?: PublicConfig; tickets?: TicketView[] } = {},
) {
  let state: SessionState = {
    connection: 'online',
    chat: null,
    messages: [],
    pending: [],
    agentTyping: false,
    busy: false,
    error: null,
    ticket: null,
    ...initial,
  };
  const listeners = new Set<() => void>();
  const session: Session = {
    getState: () => state,
    subscribe: (fn) => (listeners.add(fn), () => void listeners.delete(fn)),
    start: vi.fn(async (_payload: ChatStartPayload) => undefined),
    createTicket: vi.fn(async (_payload: TicketCreatePayload) => undefined),
    departments: vi.fn(async () => departments),
    publicConfig: vi.fn(async () => extras.config ?? null),
    visitorTickets: vi.fn(async () => extras.tickets ?? []),
    command: vi.fn(async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'not in this test' } })),
    downloadTranscript: vi.fn(async () => undefined),
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

const chat: ChatView = {
  id: 'c1',
  status: 'queued',
  department: 'billing',
  subject: 'Facture en double',
  visitor: { name: 'Amira', email: 'amira@example.tn' },
  queuePosition: 1,
  lastSeq: 1,
  createdAt: '2026-03-02T09:00:00.000Z',
};

const ticket: TicketView = {
  ref: 'TCK-2026-000123',
  subject: 'Facture en double',
  department: 'billing',
  category: 'billing',
  priority: 'low',
  urgent: false,
  status: 'open',
  requester: { name: 'Amira', email: 'amira@example.tn' },
  source: 'form',
  chatIds: [],
  firstResponseDueAt: '2026-03-09T13:00:00.000Z',
  escalationLevel: 0,
  createdAt: '2026-03-07T10:00:00.000Z',
};

const status = () => screen.getByRole('status').textContent;

describe('Panel — hours and tickets', () => {
  it('fetches the hours on open; a closed department turns the form into the ticket form', async () => {
    const { session } = fakeSession(
      {},
      {
        technical: { open: true, nextOpeningAt: null, hours: 'always' },
        billing: { open: false, nextOpeningAt: '2026-03-09T09:00:00.000Z', hours: [{ days: [1, 2, 3, 4, 5], open: '10:00', close: '18:00' }] },
      },
    );
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    expect(await screen.findByText('Ouvert maintenant')).toBeTruthy();
    expect(screen.getByText('24 h/24, 7 j/7')).toBeTruthy();
    expect(session.departments).toHaveBeenCalledTimes(1);
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'billing' } });
    expect(screen.getByText(/^Fermé — réouverture /)).toBeTruthy();
    expect(screen.getByText('Du lundi au vendredi, 10:00–18:00 (heure de Tunisie)')).toBeTruthy();
    expect(status()).toMatch(/^Service Facturation : Fermé — réouverture /);
    expect(screen.queryByRole('button', { name: 'Démarrer la discussion' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Envoyer le ticket' })).toBeTruthy();
  });

  it('still works without hours when they cannot be fetched', async () => {
    const { session } = fakeSession();
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    await act(async () => undefined);
    expect(screen.queryByText('Ouvert maintenant')).toBeNull();
    expect(screen.getByRole('button', { name: 'Démarrer la discussion' })).toBeTruthy();
  });

  it('answers department_closed with the ticket form, same fields prefilled', () => {
    const { session, set } = fakeSession();
    render(<Panel session={session} open identity={{ name: 'Amira', email: 'amira@example.tn' }} onClose={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'billing' } });
    fireEvent.input(screen.getByLabelText('Sujet'), { target: { value: 'Facture en double' } });
    fireEvent.input(screen.getByLabelText('Message'), { target: { value: 'Deux prélèvements en mars.' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Urgent' }));
    fireEvent.click(screen.getByRole('button', { name: 'Démarrer la discussion' }));
    expect(session.start).toHaveBeenCalledTimes(1);
    set({ error: { code: 'department_closed', department: 'billing', details: { nextOpeningAt: '2026-03-09T09:00:00.000Z' } } });
    expect(screen.getByRole('alert').textContent).toMatch(/^Le service Facturation est fermé pour le moment\. Réouverture : /);
    expect(screen.queryByRole('button', { name: 'Démarrer la discussion' })).toBeNull();
    expect(screen.getByText(/^Fermé — réouverture /)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer le ticket' }));
    expect(session.createTicket).toHaveBeenCalledWith({
      name: 'Amira',
      email: 'amira@example.tn',
      department: 'billing',
      subject: 'Facture en double',
      message: 'Deux prélèvements en mars.',
      urgent: true,
    });
  });

  it('says "Ticket <REF> créé", or that the message joined the open ticket, with the 4-hour target', async () => {
    const { session, set } = fakeSession({ ticket: { ticket, merged: false } });
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    expect(status()).toBe('Ticket TCK-2026-000123 créé');
    expect(await screen.findByText(/4 heures ouvrées/)).toBeTruthy(); // TicketDone is in widget-extra.js
    set({ ticket: { ticket: { ...ticket, department: 'technical' }, merged: true } });
    expect(status()).toBe('Votre message a été ajouté au ticket TCK-2026-000123');
    expect(screen.getByText('Nous visons une première réponse sous 4 heures.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Nouvelle demande' }));
    expect(session.reset).toHaveBeenCalledTimes(1);
  });

  it('offers the ticket form, prefilled from the chat, when nobody is available', () => {
    const messages = [
      { id: 'm1', chatId: 'c1', seq: 1, author: { role: 'visitor' as const, name: 'Amira' }, text: 'Facture payée deux fois', createdAt: chat.createdAt },
      { id: 'm2', chatId: 'c1', seq: 2, author: { role: 'system' as const, name: 'Système' }, text: 'En attente', createdAt: chat.createdAt },
      { id: 'm3', chatId: 'c1', seq: 3, author: { role: 'visitor' as const, name: 'Amira' }, text: 'En mars', createdAt: chat.createdAt },
    ];
    const { session } = fakeSession({ chat: { ...chat, offerTicket: true }, messages });
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Laisser un ticket' }));
    expect((screen.getByLabelText('Nom') as HTMLInputElement).value).toBe('Amira');
    expect((screen.getByLabelText('Service') as HTMLSelectElement).value).toBe('billing');
    expect((screen.getByLabelText('Sujet') as HTMLInputElement).value).toBe('Facture en double');
    expect(screen.queryByRole('button', { name: 'Démarrer la discussion' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer le ticket' }));
    expect(session.createTicket).toHaveBeenCalledWith({
      name: 'Amira',
      email: 'amira@example.tn',
      department: 'billing',
      subject: 'Facture en double',
      message: 'Facture payée deux fois\n\nEn mars',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Retour' }));
    expect(screen.getByRole('textbox', { name: 'Votre message' })).toBeTruthy();
  });

  it('tells a long chat it becomes a ticket, then shows the converted chat read-only with its transcript', () => {
    const active: ChatView = { ...chat, status: 'active', agent: { id: 'a1', displayName: 'Karim' } };
    const { session, set } = fakeSession({ chat: active });
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    set({ chat: { ...active, long: { minutes: 11, messages: 12 } } });
    expect(status()).toBe("Votre demande va se poursuivre sous forme de ticket, comme le prévoit notre politique d'assistance.");
    set({ chat: { ...active, status: 'converted', ticketRef: 'TCK-2026-000123' } });
    expect(status()).toBe('Ticket TCK-2026-000123 créé');
    expect(screen.queryByRole('textbox', { name: 'Votre message' })).toBeNull();
    expect(within(screen.getByRole('dialog')).getByRole('log')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Télécharger la transcription' }));
    expect(session.downloadTranscript).toHaveBeenCalledTimes(1);
  });

  it('goes back from "agent joined" to the queue when the agent leaves', () => {
    const { session, set } = fakeSession({ chat: { ...chat, status: 'active', agent: { id: 'a1', displayName: 'Karim' } } });
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    expect(status()).toBe('Un conseiller a rejoint la discussion : Karim');
    set({ chat: { ...chat, status: 'queued', queuePosition: 1, etaSeconds: 60 } });
    expect(status()).toBe("Vous êtes n° 1 dans la file d'attente, attente estimée ~1 min");
  });
});

describe('Panel — supervisor, emergency, phone and billing help', () => {
  const config: PublicConfig = { phone: '+216 71 000 000', customerAreaUrl: 'https://client.example.tn', firstResponseHours: 4 };
  const outage: TicketView = { ...ticket, ref: 'TCK-2026-000050', department: 'technical', category: 'outage', priority: 'critical' };

  it('shows "Par téléphone" and "Contacter un superviseur" on the start screen, the emergency only with an open outage ticket', async () => {
    const { session } = fakeSession({}, null, { config, tickets: [{ ...outage, status: 'resolved' }] });
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    expect(await screen.findByRole('link', { name: '+216 71 000 000' })).toBeTruthy();
    expect(screen.getByText("Soumettez d'abord un ticket et attendez au moins 4 heures avant d'appeler.")).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Contacter un superviseur' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Signaler une urgence' })).toBeNull();
    cleanup();

    const open = fakeSession({}, null, { config, tickets: [outage] });
    render(<Panel session={open.session} open identity={{}} onClose={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Signaler une urgence' }));
    expect(await screen.findByRole('form', { name: 'Signaler une urgence' })).toBeTruthy();
    expect((screen.getByRole('button', { name: "Déclencher l'urgence" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('refetches the tickets once a ticket is created', async () => {
    const { session, set } = fakeSession({}, null, { config, tickets: [] });
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    await act(async () => undefined);
    expect(session.visitorTickets).toHaveBeenCalledTimes(1);
    set({ ticket: { ticket: outage, merged: false } });
    await act(async () => undefined);
    expect(session.visitorTickets).toHaveBeenCalledTimes(2);
  });

  it('sends the complaint with the open chat and says it in the status region', async () => {
    const active: ChatView = { ...chat, status: 'active', agent: { id: 'a1', displayName: 'Karim' } };
    const { session } = fakeSession({ chat: active }, null, { config });
    vi.mocked(session.command).mockResolvedValue({ ok: true, data: { ticket: { ...ticket, ref: 'TCK-2026-000042', category: 'complaint' } } });
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Contacter un superviseur' }));
    const complaint = await screen.findByLabelText('Votre réclamation');
    await waitFor(() => expect(document.activeElement).toBe(complaint)); // focus moved into the loaded screen
    fireEvent.input(complaint, { target: { value: 'Réponse insuffisante.' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Envoyer au superviseur' })));
    expect(session.command).toHaveBeenCalledWith('supervisor:request', { chatId: 'c1', message: 'Réponse insuffisante.' });
    expect(status()).toBe('Votre réclamation a été transmise à un superviseur (ticket TCK-2026-000042).');
    fireEvent.click(screen.getByRole('button', { name: 'Retour' }));
    expect(screen.getByRole('textbox', { name: 'Votre message' })).toBeTruthy();
    expect(status()).toBe('Un conseiller a rejoint la discussion : Karim');
  });

  it('links the customer area when "Facturation" is chosen and in a billing chat', async () => {
    const { session } = fakeSession({}, null, { config });
    render(<Panel session={session} open identity={{}} onClose={() => undefined} />);
    await act(async () => undefined);
    expect(screen.queryByRole('link', { name: 'Espace client' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'billing' } });
    expect(screen.getByRole('link', { name: 'Espace client' }).getAttribute('href')).toBe('https://client.example.tn');
    fireEvent.click(screen.getByRole('button', { name: 'Laisser un ticket' }));
    expect(screen.getByRole('button', { name: 'Envoyer le ticket' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Espace client' })).toBeTruthy();
    cleanup();

    const billingChat = fakeSession({ chat }, null, { config });
    render(<Panel session={billingChat.session} open identity={{}} onClose={() => undefined} />);
    const link = await screen.findByRole('link', { name: 'Espace client' });
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener');
  });
});
