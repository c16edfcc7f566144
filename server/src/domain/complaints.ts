import { errors, firstResponseDueAt, type Policy, type TicketView } from '@besoin/shared';
import type { Store, VisitorRecord } from '../store/store';
import type { Clock } from './clock';
import type { DomainEvents } from './events';
import type { Notifier } from './notifier';
import type { Outcome } from './outcome';
import { ticketView } from './ticketViews';

export interface ComplaintDeps {
  store: Store;
  clock: Clock;
  policy: Policy;
  notifier: Notifier;
  events: DomainEvents;
}

/**
 * Rule 9: a visitor may ask for a supervisor. That creates a `complaint` ticket at high priority
 * (never merged), routed to supervisors; with a chat, the chat is linked to the ticket and goes
 * on with its agent, and the supervisors may join it.
 */
export function createComplaintService({ store, clock, policy, notifier, events }: ComplaintDeps) {
  return {
    async request(visitor: VisitorRecord, payload: { chatId?: string; name?: string; email?: string; message: string }): Promise<Outcome<{ ticket: TicketView }>> {
      const chat = payload.chatId ? await store.getChat(payload.chatId) : null;
      if (payload.chatId && (!chat || chat.visitorId !== visitor.id)) throw errors.notFound('Chat');
      const name = payload.name ?? chat?.visitorName;
      const email = payload.email ?? chat?.visitorEmail;
      if (!name || !email) {
        throw errors.invalidPayload([
          ...(name ? [] : [{ code: 'invalid_type', path: ['name'], message: 'Required without a chat.' }]),
          ...(email ? [] : [{ code: 'invalid_type', path: ['email'], message: 'Required without a chat.' }]),
        ]);
      }
      const department = chat?.department ?? 'technical';
      const now = clock.now().toISOString();
      const created = await store.createTicket(
        {
          subject: chat ? `Réclamation — ${chat.subject}` : 'Réclamation',
          department, category: 'complaint', priority: 'high', urgent: false,
          requesterName: name, requesterEmail: email, source: 'complaint', visitorId: visitor.id,
          firstResponseDueAt: firstResponseDueAt(policy, department, now),
          text: payload.message, author: { role: 'visitor', name, id: visitor.id },
        },
        { dedupeSince: null },
        now,
      );
      let ticket = created.ticket;
      if (chat) {
        const linked = await store.linkChatToTicket(ticket.ref, chat.id, { role: 'visitor', name, id: visitor.id }, now);
        if (linked.ok) ticket = linked.ticket;
      }
      const view = ticketView(ticket);
      return {
        data: { ticket: view },
        effects: async () => {
          notifier.toSupervisors('ticket:created', { ticket: view });
          events.emit('ticket.created', { ticket: view });
        },
      };
    },
  };
}

export type ComplaintService = ReturnType<typeof createComplaintService>;
