import { nextEscalationDueAt, raisePriority, type Policy } from '@besoin/shared';
import type { Store, TicketRecord } from '../store/store';
import type { Clock } from './clock';
import type { Logger } from './deps';
import type { DomainEvents } from './events';
import type { Notifier } from './notifier';
import { ticketView } from './ticketViews';

export interface SlaDeps {
  store: Store;
  clock: Clock;
  policy: Policy;
  notifier: Notifier;
  events: DomainEvents;
  logger: Logger;
  onBreach?: (ticket: TicketRecord) => void;
}

/** Most windows caught up for one ticket in one sweep (a ticket years overdue stays bounded). */
const MAX_CATCH_UP = 1000;

/**
 * The first-response clock (DESIGN §5 rule 5): a ticket not answered by its due time is raised
 * one priority level (up to critical), its escalation level counts the missed window, and the
 * next due time is one more window later (business hours where the department uses them).
 * Due times are stored, so a sweep after a restart catches up on every window it missed. The
 * store's compare-and-set on the level means two sweeps never escalate the same window twice.
 */
export function createSlaEngine({ store, clock, policy, notifier, events, logger, onBreach }: SlaDeps) {
  function announce(ticket: TicketRecord): void {
    const view = ticketView(ticket);
    // Supervisors, the department's agents and the assignee, each connection once (DESIGN §6).
    notifier.toDepartment(ticket.department, 'sla:breached', { ticket: view }, ticket.assigneeId ? [ticket.assigneeId] : []);
    events.emit('ticket.escalated', { ticket: view, level: ticket.escalationLevel });
    onBreach?.(ticket);
  }

  return {
    /** Escalates every ticket whose first response is overdue; returns the number of windows escalated. */
    async sweep(): Promise<number> {
      const now = clock.now().toISOString();
      let escalated = 0;
      for (const due of await store.listTicketsDue(now)) {
        let ticket = due;
        for (let i = 0; i < MAX_CATCH_UP && !ticket.firstRespondedAt && ticket.firstResponseDueAt <= now; i++) {
          const result = await store.escalateTicket(ticket.ref, {
            fromLevel: ticket.escalationLevel,
            priority: raisePriority(ticket.priority),
            nextDueAt: nextEscalationDueAt(policy, ticket.department, ticket.firstResponseDueAt),
          }, now);
          if (!result.ok) break; // answered, closed, or escalated by another sweep meanwhile
          ticket = result.ticket;
          escalated += 1;
          announce(ticket);
        }
      }
      if (escalated > 0) logger.info({ escalated }, 'SLA windows escalated');
      return escalated;
    },
  };
}

export type SlaEngine = ReturnType<typeof createSlaEngine>;
