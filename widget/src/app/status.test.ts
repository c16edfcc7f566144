import type { ChatView } from '@besoin/shared';
import { describe, expect, it } from 'vitest';
import { statusText } from './status';

const base: ChatView = {
  id: 'c1',
  status: 'queued',
  department: 'technical',
  subject: 'Panne',
  visitor: { name: 'Amira', email: 'amira@example.tn' },
  lastSeq: 1,
  createdAt: '2026-03-02T09:00:00.000Z',
};

describe('statusText', () => {
  it('says the connection state first', () => {
    expect(statusText('connecting', null)).toBe('Connexion…');
    expect(statusText('reconnecting', base)).toBe('Reconnexion…');
  });

  it('gives the queue position and the estimated wait', () => {
    expect(statusText('online', { ...base, queuePosition: 2 })).toBe("Vous êtes n° 2 dans la file d'attente");
    expect(statusText('online', { ...base, queuePosition: 2, etaSeconds: 170 })).toBe(
      "Vous êtes n° 2 dans la file d'attente, attente estimée ~3 min",
    );
  });

  it('names the agent who joined, then says when it ended', () => {
    const active = { ...base, status: 'active' as const, agent: { id: 'a1', displayName: 'Karim' } };
    expect(statusText('online', active)).toBe('Un conseiller a rejoint la discussion : Karim');
    expect(statusText('online', { ...active, status: 'ended' })).toBe('Discussion terminée');
    expect(statusText('online', { ...active, status: 'converted', ticketRef: 'TCK-2026-000123' })).toBe(
      'Ticket TCK-2026-000123 créé',
    );
  });

  it('says a long chat continues as a ticket, and goes back to the queue after a re-queue', () => {
    const active = { ...base, status: 'active' as const, agent: { id: 'a1', displayName: 'Karim' } };
    expect(statusText('online', { ...active, long: { minutes: 10, messages: 12 } })).toBe(
      "Votre demande va se poursuivre sous forme de ticket, comme le prévoit notre politique d'assistance.",
    );
    expect(statusText('online', { ...active, status: 'queued', queuePosition: 1 })).toBe("Vous êtes n° 1 dans la file d'attente");
  });

  it('reports a sent ticket, merged or not, before anything else but the connection', () => {
    expect(statusText('online', null, { ticket: { ref: 'TCK-2026-000123', merged: false } })).toBe('Ticket TCK-2026-000123 créé');
    expect(statusText('online', base, { ticket: { ref: 'TCK-2026-000123', merged: true } })).toBe(
      'Votre message a été ajouté au ticket TCK-2026-000123',
    );
    expect(statusText('online', null, { idle: 'Service Facturation : Fermé' })).toBe('Service Facturation : Fermé');
  });
});
