import {
  errors, firstResponseDueAt, triage, type Category, type Department, type Message, type Policy, type Priority,
  type TicketCreatePayload, type TicketHistoryEntry, type TicketStatus, type TicketView,
} from '@besoin/shared';
import type { AgentRecord, ChatRecord, Store, TicketActor, TicketRecord, VisitorRecord } from '../store/store';
import type { Clock } from './clock';
import type { DomainEvents } from './events';
import type { Notifier } from './notifier';
import type { Outcome } from './outcome';
import type { Routing } from './routing';
import { texts } from './texts';
import { historyEntryView, ticketView } from './ticketViews';
import { chatView, messageView } from './views';

export interface TicketServiceDeps {
  store: Store;
  clock: Clock;
  policy: Policy;
  notifier: Notifier;
  routing: Routing;
  events: DomainEvents;
  onCreated?: (ticket: TicketRecord) => void;
}

/** Overrides an agent may give when converting (DESIGN §2 `chat:convert`). */
export interface ConvertOptions {
  subject?: string;
  category?: Category;
  priority?: Priority;
}

const DAY_MS = 86_400_000;
const isSupervisor = (agent: AgentRecord) => agent.role !== 'agent';

/** Tickets: creation from the form, conversion of chats (rules 1, 2, 5), the agents' REST operations. */
export function createTicketService({ store, clock, policy, notifier, routing, events, onCreated }: TicketServiceDeps) {
  const now = () => clock.now().toISOString();
  const dedupeSince = () => new Date(clock.now().getTime() - policy.dedupeWindowDays * DAY_MS).toISOString();

  /** Tells the department's agents and the supervisors about a new or changed ticket. */
  function announce(ticket: TicketRecord, merged: boolean): void {
    const view = ticketView(ticket);
    notifier.toDepartment(ticket.department, merged ? 'ticket:updated' : 'ticket:created', { ticket: view });
    events.emit(merged ? 'ticket.updated' : 'ticket.created', { ticket: view });
    if (!merged) onCreated?.(ticket);
  }

  /** The ticket if the agent may see it: their departments; supervisors and admins see all. */
  async function visibleTicket(agent: AgentRecord, ref: string): Promise<TicketRecord> {
    const ticket = await store.getTicket(ref.toUpperCase());
    if (!ticket || (!isSupervisor(agent) && !agent.departments.includes(ticket.department))) throw errors.notFound('Ticket');
    return ticket;
  }

  /** A ticket's history as views, each transcript with its chat's messages (internal notes included, marked). */
  async function history(ticket: TicketRecord): Promise<TicketHistoryEntry[]> {
    const entries = await store.listTicketEntries(ticket.ref);
    return Promise.all(entries.map(async (e) => {
      if (e.kind !== 'transcript' || !e.chatId) return historyEntryView(e);
      const messages = await store.listMessages(e.chatId, 0, { includeInternal: true });
      return historyEntryView(e, messages.map(messageView));
    }));
  }

  async function convertRecord(chat: ChatRecord, options: ConvertOptions, author: TicketActor): Promise<Outcome<{ ticket: TicketView; merged: boolean }>> {
    if (chat.status === 'queued' || chat.status === 'active') {
      // Said before the chat closes (a closed chat takes no message); the reference follows in chat:converted.
      await store.appendMessage(
        { chatId: chat.id, clientMessageId: null, authorRole: 'system', authorName: texts.systemName, authorId: null, text: texts.converting, internal: false },
        now(),
      );
    }
    const at = now();
    const result = await store.convertChat(
      chat.id,
      {
        subject: options.subject ?? chat.subject,
        department: chat.department,
        category: options.category ?? chat.category,
        priority: options.priority ?? chat.priority,
        urgent: chat.urgent,
        requesterName: chat.visitorName,
        requesterEmail: chat.visitorEmail,
        source: 'chat',
        firstResponseDueAt: firstResponseDueAt(policy, chat.department, at),
        text: null,
        author,
      },
      { dedupeSince: dedupeSince() },
      at,
    );
    if (!result.ok) {
      if (result.reason === 'chat_closed') throw errors.conflict('This chat has ended and can no longer be converted.', { chatId: chat.id });
      throw errors.notFound('Chat');
    }
    const data = { ticket: ticketView(result.ticket), merged: result.merged };
    if (!result.changed) return { data };
    return {
      data,
      effects: async () => {
        const converted = chatView(result.chat);
        routing.forget(chat.id);
        notifier.toVisitor(chat.visitorId, 'chat:updated', { chat: converted });
        notifier.toVisitor(chat.visitorId, 'chat:converted', { chatId: chat.id, ticket: data.ticket });
        if (chat.agentId) notifier.toAgent(chat.agentId, 'chat:updated', { chat: converted });
        announce(result.ticket, result.merged);
        await routing.drain(chat.department);
      },
    };
  }

  return {
    history,
    visibleTicket,

    /** `chat:convert`: the agent holding the chat (or a supervisor) turns it into a ticket; idempotent per chat. */
    async convert(agent: AgentRecord, chatId: string, options: ConvertOptions): Promise<Outcome<{ ticket: TicketView; merged: boolean }>> {
      const chat = await store.getChat(chatId);
      if (!chat || (chat.agentId !== agent.id && !isSupervisor(agent))) throw errors.notFound('Chat');
      return convertRecord(chat, options, { role: 'agent', name: agent.name, id: agent.id });
    },

    /** Converts a chat without an agent (`autoConvertAfterMinutes`). */
    async autoConvert(chat: ChatRecord): Promise<void> {
      const outcome = await convertRecord(chat, {}, { role: 'system', name: texts.systemName, id: null });
      await outcome.effects?.();
    },

    /** `ticket:create` from the widget's form: triaged, merged into an open ticket of the same requester (rule 2). */
    async createFromForm(visitor: VisitorRecord, payload: TicketCreatePayload): Promise<Outcome<{ ticket: TicketView; merged: boolean }>> {
      const triaged = triage({ department: payload.department, subject: payload.subject, message: payload.message, urgent: payload.urgent ?? false });
      const at = now();
      const result = await store.createTicket(
        {
          subject: payload.subject,
          department: triaged.department,
          category: triaged.category,
          priority: triaged.priority,
          urgent: payload.urgent ?? false,
          requesterName: payload.name,
          requesterEmail: payload.email,
          source: 'form',
          visitorId: visitor.id,
          firstResponseDueAt: firstResponseDueAt(policy, triaged.department, at),
          text: payload.message,
          author: { role: 'visitor', name: payload.name, id: visitor.id },
        },
        { dedupeSince: dedupeSince() },
        at,
      );
      const data = { ticket: ticketView(result.ticket), merged: result.merged };
      return { data, effects: async () => announce(result.ticket, result.merged) };
    },

    /** `GET /api/tickets`: filters, text search and paging; agents see their departments. */
    async list(agent: AgentRecord, filter: { status?: TicketStatus; priority?: Priority; department?: Department; q?: string; limit: number; offset: number }) {
      if (!isSupervisor(agent) && filter.department && !agent.departments.includes(filter.department)) return { tickets: [], total: 0 };
      if (isSupervisor(agent) || filter.department || agent.departments.length === 3) {
        const { tickets, total } = await store.listTickets(filter);
        return { tickets: tickets.map(ticketView), total };
      }
      // An agent of some departments: merge the per-department pages (newest first).
      const pages = await Promise.all(agent.departments.map((department) =>
        store.listTickets({ ...filter, department, limit: filter.offset + filter.limit, offset: 0 })));
      const all = pages.flatMap((p) => p.tickets).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.ref.localeCompare(a.ref));
      return { tickets: all.slice(filter.offset, filter.offset + filter.limit).map(ticketView), total: pages.reduce((s, p) => s + p.total, 0) };
    },

    /** `PATCH /api/tickets/:ref`. */
    async update(agent: AgentRecord, ref: string, patch: { status?: TicketStatus; priority?: Priority; assigneeId?: string | null }): Promise<TicketView> {
      const ticket = await visibleTicket(agent, ref);
      if (patch.assigneeId && !(await store.getAgent(patch.assigneeId))) throw errors.notFound('Agent');
      const result = await store.updateTicket(ticket.ref, patch, { role: 'agent', name: agent.name, id: agent.id }, now());
      if (!result) throw errors.notFound('Ticket');
      if (result.entries.length > 0) announce(result.ticket, true);
      return ticketView(result.ticket);
    },

    /** `POST /api/tickets/:ref/replies`: the first reply stops the first-response clock. */
    async reply(agent: AgentRecord, ref: string, text: string): Promise<TicketHistoryEntry> {
      const ticket = await visibleTicket(agent, ref);
      const result = await store.addTicketReply(ticket.ref, { authorRole: 'agent', authorName: agent.name, authorId: agent.id, text }, now());
      if (!result) throw errors.notFound('Ticket');
      announce(result.ticket, true);
      return historyEntryView(result.entry);
    },

    /** Messages of every chat of a ticket, in transcript order, each with its chatId. */
    async transcriptMessages(ticket: TicketRecord, options: { includeInternal: boolean }): Promise<Message[]> {
      const lists = await Promise.all(ticket.chatIds.map((id) => store.listMessages(id, 0, options)));
      return lists.flat().map(messageView);
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
