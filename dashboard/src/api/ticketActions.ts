import type { DeskStore } from '../state/deskReducer';
import type { HttpErrorCode } from './http';
import { type ApiClient } from './http';
import { type TicketFilters, type TicketPatch, downloadTranscript, getTicket, listTickets, patchTicket, replyToTicket } from './tickets';

/** What the "Tickets" views may ask for. */
export interface TicketActions {
  /** Loads the first page of tickets for `filters` (they become the current filters). */
  loadTickets(filters: TicketFilters): void;
  /** Appends the next page of the current filters. */
  loadMoreTickets(): void;
  /** Shows a ticket page (and loads it), or the list with null. */
  openTicket(ref: string | null): void;
  updateTicket(ref: string, patch: TicketPatch): void;
  /** Posts a reply; resolves true when stored (the view then clears its box). */
  replyToTicket(ref: string, text: string): Promise<boolean>;
  /** Saves the plain-text transcript of a ticket. */
  downloadTranscript(ref: string): void;
}

/** Options of {@link createTicketActions}. */
export interface TicketActionsOptions {
  client: ApiClient;
  store: DeskStore;
  onError(code: HttpErrorCode, context: 'ticket' | 'list'): void;
}

/** Ticket REST calls wired to the store. */
export function createTicketActions({ client, store, onError }: TicketActionsOptions): TicketActions {
  const { dispatch } = store;

  async function load(filters: TicketFilters, append: boolean): Promise<void> {
    dispatch({ type: 'tickets:requested', filters, append });
    const offset = append ? store.getState().tickets.list.length : 0;
    const res = await listTickets(client, filters, offset);
    if (res.ok) dispatch({ type: 'tickets:loaded', filters, append, tickets: res.data.tickets, total: res.data.total });
    else {
      dispatch({ type: 'tickets:failed' });
      onError(res.error.code, 'list');
    }
  }

  async function loadDetail(ref: string): Promise<void> {
    const res = await getTicket(client, ref);
    if (res.ok) dispatch({ type: 'ticket:detailLoaded', detail: res.data });
    else onError(res.error.code, 'ticket');
  }

  return {
    loadTickets(filters) {
      void load(filters, false);
    },
    loadMoreTickets() {
      const { filters, loading, list, total } = store.getState().tickets;
      if (!loading && list.length < total) void load(filters, true);
    },
    openTicket(ref) {
      dispatch({ type: 'ticket:opened', ref });
      if (ref) void loadDetail(ref);
    },
    updateTicket(ref, patch) {
      void patchTicket(client, ref, patch).then((res) => {
        if (!res.ok) {
          onError(res.error.code, 'ticket');
          return;
        }
        dispatch({ type: 'ticket:updated', ticket: res.data.ticket });
        // The history gained a status/priority/assignee entry.
        if (store.getState().tickets.openRef === ref) void loadDetail(ref);
      });
    },
    async replyToTicket(ref, text) {
      const res = await replyToTicket(client, ref, text);
      if (!res.ok) {
        onError(res.error.code, 'ticket');
        return false;
      }
      dispatch({ type: 'ticket:replied', ref, reply: res.data.reply });
      // The first reply stops the clock: reload for the new firstRespondedAt.
      if (store.getState().tickets.openRef === ref) void loadDetail(ref);
      return true;
    },
    downloadTranscript(ref) {
      void downloadTranscript(client, ref).then((blob) => {
        if (!blob) {
          onError('internal', 'ticket');
          return;
        }
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = `${ref}.txt`;
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      });
    },
  };
}
