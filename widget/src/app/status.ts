import type { ChatView } from '@besoin/shared';
import { t } from '../i18n';

/** State of the socket as the visitor should understand it. */
export type Connection = 'connecting' | 'online' | 'reconnecting' | 'failed';

/** What else the status region may report besides the chat. */
export interface StatusExtras {
  /** The ticket the visitor just sent with the ticket form. */
  ticket?: { ref: string; merged: boolean } | null;
  /** Shown when there is neither a chat nor a ticket (e.g. the chosen department is closed). */
  idle?: string;
}

/** The sentence of the live status region (role="status"); empty when there is nothing to say. */
export function statusText(connection: Connection, chat: ChatView | null, extras: StatusExtras = {}): string {
  if (connection === 'connecting') return t('statusConnecting');
  if (connection === 'reconnecting') return t('statusReconnecting');
  if (connection === 'failed') return t('statusFailed');
  const { ticket } = extras;
  if (ticket) return t(ticket.merged ? 'ticketMerged' : 'statusConverted', { ref: ticket.ref });
  if (!chat) return extras.idle ?? '';
  switch (chat.status) {
    case 'queued':
      // Also after a re-queue (the agent left): back from "agent joined" to the queue position.
      if (chat.queuePosition === undefined) return t('statusWaiting');
      return chat.etaSeconds === undefined
        ? t('statusQueued', { position: chat.queuePosition })
        : t('statusQueuedEta', { position: chat.queuePosition, minutes: Math.max(1, Math.round(chat.etaSeconds / 60)) });
    case 'active':
      if (chat.long) return t('statusLong');
      return chat.agent ? t('statusAgentJoined', { name: chat.agent.displayName }) : t('statusWaiting');
    case 'converted':
      return chat.ticketRef ? t('statusConverted', { ref: chat.ticketRef }) : t('statusEnded');
    case 'ended':
      return t('statusEnded');
  }
}
