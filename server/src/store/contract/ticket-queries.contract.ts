import { beforeEach, describe, expect, it } from 'vitest';
import type { NewTicket, Store, TicketFilter } from '../store';
import { at, expectOk, type OpenStore, ticketInput, useStoreFixture } from './support';

/** Listing and searching tickets. */
export function describeTicketQueriesContract(open: OpenStore): void {
  describe('ticket queries', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const { newChat, send } = f;
    const agent = { role: 'agent' as const, name: 'Bob', id: 'bob' };
    let seconds = 0;
    /** Creates a ticket (never merged: every requester is distinct) one second after the last. */
    const create = async (overrides: Partial<NewTicket> = {}) => {
      seconds += 1;
      const input = ticketInput({ requesterEmail: `r${seconds}@example.com`, ...overrides });
      return (await store.createTicket(input, { dedupeSince: null }, at(seconds))).ticket;
    };
    const refs = async (filter: Partial<TicketFilter>) => {
      const { tickets, total } = await store.listTickets({ limit: 100, offset: 0, ...filter });
      expect(total).toBe(tickets.length);
      return tickets.map((t) => t.ref);
    };

    it('lists newest first, filters, and pages with a total', async () => {
      const t1 = await create({ department: 'billing', category: 'billing', priority: 'low' });
      const t2 = await create({ priority: 'high' });
      const t3 = await create({ department: 'sales', category: 'sales', priority: 'low' });
      const t4 = await create({ priority: 'high' });
      const t5 = await create();
      await store.updateTicket(t2.ref, { status: 'pending', assigneeId: 'bob' }, agent, at(50));
      await store.updateTicket(t4.ref, { assigneeId: 'carla' }, agent, at(51));
      expect(await refs({})).toEqual([t5.ref, t4.ref, t3.ref, t2.ref, t1.ref]);
      expect(await refs({ status: 'open' })).toEqual([t5.ref, t4.ref, t3.ref, t1.ref]);
      expect(await refs({ status: 'pending' })).toEqual([t2.ref]);
      expect(await refs({ priority: 'high' })).toEqual([t4.ref, t2.ref]);
      expect(await refs({ department: 'technical' })).toEqual([t5.ref, t4.ref, t2.ref]);
      expect(await refs({ assigneeId: 'bob' })).toEqual([t2.ref]);
      expect(await refs({ priority: 'low', department: 'sales' })).toEqual([t3.ref]);
      expect(await refs({ status: 'resolved' })).toEqual([]);

      const page = await store.listTickets({ limit: 2, offset: 2 });
      expect(page.total).toBe(5);
      expect(page.tickets.map((t) => t.ref)).toEqual([t3.ref, t2.ref]);
      expect(page.tickets[1]).toEqual(await store.getTicket(t2.ref));
      const last = await store.listTickets({ limit: 2, offset: 4, department: 'technical' });
      expect(last).toEqual({ tickets: [], total: 3 });
    });

    it('orders tickets created at the same instant by reference, descending', async () => {
      const same = await Promise.all([0, 1, 2].map((i) =>
        store.createTicket(ticketInput({ requesterEmail: `s${i}@example.com` }), { dedupeSince: null }, at(5))));
      const expected = same.map((r) => r.ticket.ref).sort().reverse();
      expect(await refs({})).toEqual(expected);
    });

    it('searches subject, requester, entries and chat messages, case-insensitively', async () => {
      const bySubject = await create({ subject: 'Écran noir sur le panneau' });
      const byName = await create({ requesterName: 'Mehdi Ben Salah' });
      const byEmail = await create({ requesterEmail: 'Contact@Boulangerie.tn' });
      const byReply = await create();
      await store.addTicketReply(byReply.ref, { authorRole: 'agent', authorName: 'Bob', authorId: 'bob', text: 'Videz le cache DNS' }, at(60));
      const chat = await newChat({ visitorEmail: 'chat@example.com' });
      expectOk(await send(chat.id, 'Mon certificat SSL a expiré'));
      expectOk(await send(chat.id, 'note: vérifier Certbot', { authorRole: 'agent', authorName: 'Bob', internal: true }));
      const { ticket: byChat } = expectOk(await store.convertChat(chat.id, {
        ...ticketInput({ requesterEmail: 'chat@example.com', subject: 'Conversation', text: null }),
        source: 'chat',
      }, { dedupeSince: null }, at(70)));
      const other = await create({ subject: 'Autre chose' });

      expect(await refs({ q: 'écran NOIR' })).toEqual([bySubject.ref]);
      expect(await refs({ q: 'ÉCRAN' })).toEqual([bySubject.ref]);
      expect(await refs({ q: 'ben sal' })).toEqual([byName.ref]);
      expect(await refs({ q: 'boulangerie.TN' })).toEqual([byEmail.ref]);
      expect(await refs({ q: 'cache dns' })).toEqual([byReply.ref]);
      expect(await refs({ q: 'certificat ssl' })).toEqual([byChat.ref]);
      expect(await refs({ q: 'certbot' })).toEqual([byChat.ref]);
      // The form message is the 'created' entry's text.
      expect(await refs({ q: 'répond plus' })).toEqual([other.ref, byReply.ref, byEmail.ref, byName.ref, bySubject.ref]);
      expect(await refs({ q: 'introuvable' })).toEqual([]);
      expect(await refs({ q: 'certificat', status: 'pending' })).toEqual([]);
      const paged = await store.listTickets({ q: 'répond plus', limit: 2, offset: 1 });
      expect(paged.total).toBe(5);
      expect(paged.tickets.map((t) => t.ref)).toEqual([byReply.ref, byEmail.ref]);
    });

    it('matches LIKE wildcards and backslashes literally', async () => {
      const percent = await create({ subject: 'Remise de 50% refusée' });
      const underscore = await create({ subject: 'Variable WP_HOME' });
      const backslash = await create({ subject: 'Chemin C:\\www' });
      await create({ subject: 'Rien de spécial', text: 'Texte simple' });
      expect(await refs({ q: '%' })).toEqual([percent.ref]);
      expect(await refs({ q: '50%' })).toEqual([percent.ref]);
      expect(await refs({ q: '_' })).toEqual([underscore.ref]);
      expect(await refs({ q: 'wp_h' })).toEqual([underscore.ref]);
      expect(await refs({ q: '\\' })).toEqual([backslash.ref]);
      expect(await refs({ q: 'c:\\w' })).toEqual([backslash.ref]);
      expect(await refs({ q: '%_%' })).toEqual([]);
    });
  });
}
