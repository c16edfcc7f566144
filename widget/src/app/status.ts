import type { ChatView } from '@besoin/shared';
import { t } from '../i18n';

/** State of the socket as the visitor should understand it. */
export type Connection = 'connecting' | 'online' | 'reconnecting' | 'failed';

/** The sentence of the live status region (role="status"); empty when there is nothing to say. */
export function statusText(connection: Connection, chat: ChatView | null): string {
  if (connection === 'connecting') return t('statusConnecting');
  if (connection === 'reconnecting') return t('statusReconnecting');
  if (connection === 'failed') return t('statusFailed');
  if (!chat) return '';
  switch (chat.status) {
    case 'queued':
      if (chat.queuePosition === undefined) return t('statusWaiting');
      return chat.etaSeconds === undefined
        ? t('statusQueued', { position: chat.queuePosition })
        : t('statusQueuedEta', { position: chat.queuePosition, minutes: Math.max(1, Math.round(chat.etaSeconds / 60)) });
    case 'active':
      return chat.agent ? t('statusAgentJoined', { name: chat.agent.displayName }) : t('statusWaiting');
    case 'converted':
      return chat.ticketRef ? t('statusConverted', { ref: chat.ticketRef }) : t('statusEnded');
    case 'ended':
      return t('statusEnded');
  }
}
