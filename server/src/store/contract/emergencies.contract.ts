import { beforeEach, describe, expect, it } from 'vitest';
import type { EmergencyLimitOptions, NewEmergency, NewTicket, Store } from '../store';
import { at, expectOk, type OpenStore, present, ticketInput, useStoreFixture } from './support';

/** Emergencies (rule 7): who may raise one, once per ticket, a few per requester, abuse marks. */
export function describeEmergenciesContract(open: OpenStore): void {
  describe('emergencies', () => {
    const f = useStoreFixture(open);
    let store: Store;
    beforeEach(() => {
      store = f.store;
    });
    const agent = { role: 'agent' as const, name: 'Bob', id: 'bob' };
    const limit: EmergencyLimitOptions = { perRequesterLimit: 2, windowSince: at(0) };
    /** An outage ticket of visitor-a, never merged (each one is a new ticket). */
    const outage = async (overrides: Partial<NewTicket> = {}, now = at(1)) => (await store.createTicket(
      ticketInput({ category: 'outage', priority: 'critical', ...overrides }), { dedupeSince: null }, now,
    )).ticket;
    const emergency = (ticketRef: string, overrides: Partial<NewEmergency> = {}): NewEmergency => ({
      ticketRef, visitorId: 'visitor-a', description: 'Le site renvoie une erreur 502 partout.',
      testedOtherDevices: true, testedOtherNetworks: true, ...overrides,
    });
    const raise = (ref: string, now: string, options = limit, overrides: Partial<NewEmergency> = {}) =>
      store.createEmergency(emergency(ref, overrides), options, now);

    it('raises an emergency on an open outage ticket of the requester, leaving the ticket as it is', async () => {
      const ticket = await outage({ requesterEmail: 'Amina@Example.com' });
      const result = expectOk(await store.createEmergency(emergency(ticket.ref, {
        testedOtherNetworks: false,
      }), limit, at(10)));
      expect(result.emergency).toEqual({
        id: expect.any(String), ticketRef: ticket.ref, requesterEmail: 'Amina@Example.com', visitorId: 'visitor-a',
        description: 'Le site renvoie une erreur 502 partout.', testedOtherDevices: true, testedOtherNetworks: false,
        abuse: false, abuseMarkedBy: null, abuseMarkedAt: null, createdAt: at(10),
      });
      expect(result.ticket).toEqual(ticket);
      expect(await store.getTicket(ticket.ref)).toEqual(ticket);
      expect(await store.listTicketEntries(ticket.ref)).toHaveLength(1);
      expect(await store.listEmergencies({ limit: 10 })).toEqual([result.emergency]);
    });

    it('checks, in order: ticket, requester, outage, open, once per ticket, limit', async () => {
      expect(await raise('TCK-2026-999999', at(10))).toEqual({ ok: false, reason: 'ticket_not_found' });
      // Fails every later check too: only the first failing one is reported.
      const closedTechnical = await outage({ category: 'technical', requesterEmail: 't@example.com' });
      await store.updateTicket(closedTechnical.ref, { status: 'closed' }, agent, at(2));
      expect(await raise(closedTechnical.ref, at(10), limit, { visitorId: 'stranger' }))
        .toEqual({ ok: false, reason: 'not_requester' });
      expect(await raise(closedTechnical.ref, at(10))).toEqual({ ok: false, reason: 'not_outage' });
      const anonymous = await outage({ visitorId: null, requesterEmail: 'anon@example.com' });
      expect(await raise(anonymous.ref, at(10))).toEqual({ ok: false, reason: 'not_requester' });

      // An emergency already raised, then the ticket resolved: closed comes first.
      const raised = await outage({ requesterEmail: 'r@example.com' });
      expectOk(await raise(raised.ref, at(10)));
      await store.updateTicket(raised.ref, { status: 'resolved' }, agent, at(11));
      expect(await raise(raised.ref, at(12))).toEqual({ ok: false, reason: 'ticket_closed' });
      await store.updateTicket(raised.ref, { status: 'open' }, agent, at(13));
      // Reopened: already raised, even with a limit of zero (once per ticket comes before the limit).
      expect(await raise(raised.ref, at(14), { perRequesterLimit: 0, windowSince: at(0) }))
        .toEqual({ ok: false, reason: 'already_raised' });
      expect(await raise(raised.ref, at(14))).toEqual({ ok: false, reason: 'already_raised' });

      const fresh = await outage({ requesterEmail: 'r@example.com' });
      expect(await raise(fresh.ref, at(15), { perRequesterLimit: 1, windowSince: at(0) }))
        .toEqual({ ok: false, reason: 'limit_reached' });
      const pending = await outage({ requesterEmail: 'p@example.com' });
      await store.updateTicket(pending.ref, { status: 'pending' }, agent, at(16));
      expect(expectOk(await raise(pending.ref, at(17))).emergency.ticketRef).toBe(pending.ref);
      expect((await store.listEmergencies({ limit: 10 })).map((e) => e.ticketRef)).toEqual([pending.ref, raised.ref]);
    });

    it('lets a visitor whose ticket was merged in raise it', async () => {
      const ticket = await outage({}, at(1));
      const merged = await store.createTicket(ticketInput({ category: 'outage', visitorId: 'visitor-b' }), { dedupeSince: at(0) }, at(2));
      expect(merged).toMatchObject({ merged: true, ticket: { ref: ticket.ref } });
      expect(await raise(ticket.ref, at(3), limit, { visitorId: 'visitor-c' })).toEqual({ ok: false, reason: 'not_requester' });
      expect(expectOk(await raise(ticket.ref, at(4), limit, { visitorId: 'visitor-b' })).emergency.visitorId).toBe('visitor-b');
    });

    it('accepts exactly one of 20 concurrent raises on one ticket', async () => {
      const ticket = await outage();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        raise(ticket.ref, at(10 + i), { perRequesterLimit: 100, windowSince: at(0) })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 19 }, () => ({ ok: false, reason: 'already_raised' })));
      expect(await store.listEmergencies({ limit: 50 })).toHaveLength(1);
    });

    it('limits emergencies per requester e-mail across tickets, whatever its case', async () => {
      const emails = ['amina@example.com', 'AMINA@Example.com', '  Amina@EXAMPLE.COM '];
      const [t1, t2, t3] = await Promise.all(emails.map((requesterEmail) => outage({ requesterEmail })));
      expectOk(await raise(present(t1).ref, at(10)));
      expectOk(await raise(present(t2).ref, at(11)));
      expect(await raise(present(t3).ref, at(12))).toEqual({ ok: false, reason: 'limit_reached' });
      // Another requester has their own count; the limit is the caller's.
      const other = await outage({ requesterEmail: 'other@example.com' });
      expectOk(await raise(other.ref, at(13)));
      expectOk(await raise(present(t3).ref, at(14), { perRequesterLimit: 3, windowSince: at(0) }));
    });

    it('never lets concurrent raises on several tickets overrun the limit', async () => {
      const tickets = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        outage({ requesterEmail: i % 2 === 0 ? 'sami@example.com' : 'SAMI@example.com' })));
      const results = await Promise.all(tickets.map((t, i) => raise(t.ref, at(10 + i))));
      expect(results.filter((r) => r.ok)).toHaveLength(2);
      expect(results.filter((r) => !r.ok && r.reason === 'limit_reached')).toHaveLength(8);
    });

    it('counts only emergencies created inside the window (start inclusive)', async () => {
      const [old, next] = await Promise.all([outage(), outage()]);
      const oneADay = (windowSince: string) => ({ perRequesterLimit: 1, windowSince });
      expectOk(await raise(present(old).ref, at(10), oneADay(at(0))));
      expect(await raise(present(next).ref, at(100), oneADay(at(10)))).toEqual({ ok: false, reason: 'limit_reached' });
      expectOk(await raise(present(next).ref, at(100), oneADay(at(11))));
    });

    it('lists newest first, since an instant (inclusive), up to a limit', async () => {
      const tickets = await Promise.all([0, 1, 2].map((i) => outage({ requesterEmail: `l${i}@example.com` })));
      for (const [i, t] of tickets.entries()) expectOk(await raise(t.ref, at(10 * (i + 1))));
      const refs = async (filter: { since?: string; limit: number }) =>
        (await store.listEmergencies(filter)).map((e) => e.ticketRef);
      const [a, b, c] = tickets.map((t) => t.ref);
      expect(await refs({ limit: 10 })).toEqual([c, b, a]);
      expect(await refs({ limit: 2 })).toEqual([c, b]);
      expect(await refs({ since: at(20), limit: 10 })).toEqual([c, b]);
      expect(await refs({ since: at(31), limit: 10 })).toEqual([]);
    });

    it('marks an emergency as abuse once, and it still counts towards the limit', async () => {
      const [t1, t2] = await Promise.all([outage(), outage()]);
      const { emergency } = expectOk(await raise(present(t1).ref, at(10), { perRequesterLimit: 1, windowSince: at(0) }));
      const marked = present(await store.markEmergencyAbuse(emergency.id, 'sup-1', at(20)));
      expect(marked).toEqual({ ...emergency, abuse: true, abuseMarkedBy: 'sup-1', abuseMarkedAt: at(20) });
      expect(await store.markEmergencyAbuse(emergency.id, 'sup-2', at(30))).toEqual(marked);
      expect(await store.listEmergencies({ limit: 10 })).toEqual([marked]);
      expect(await store.markEmergencyAbuse('missing', 'sup-1', at(30))).toBeNull();
      expect(await raise(present(t2).ref, at(40), { perRequesterLimit: 1, windowSince: at(0) }))
        .toEqual({ ok: false, reason: 'limit_reached' });
    });
  });
}
