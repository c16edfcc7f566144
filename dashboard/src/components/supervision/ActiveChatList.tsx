import type { ChatView } from '@besoin/shared';
import { t } from '../../i18n';
import { formatDuration } from '../../i18n/durations';
import { chatName, departmentLabel, domId } from '../labels';

/** Props of {@link ActiveChatList}. */
export interface ActiveChatListProps {
  chats: ChatView[] | null;
  now: number;
  selfId: string | undefined;
  /** Chats already on this desk (own or joined): "Ouvrir" instead of "Rejoindre". */
  known: ReadonlySet<string>;
  /** Chats with a command under way (their buttons are disabled). */
  busy: ReadonlySet<string>;
  onJoin(chatId: string): void;
  onOpen(chatId: string): void;
  onTakeOver(chatId: string): void;
}

/** Every active chat with its agent and age; "Rejoindre" observes it, "Prendre la main" takes it over. */
export function ActiveChatList({ chats, now, selfId, known, busy, onJoin, onOpen, onTakeOver }: ActiveChatListProps) {
  return (
    <section class="sup-panel" aria-labelledby="sup-chats-title">
      <h3 id="sup-chats-title" class="sup-panel__title">
        {t('supervision.chats')}
      </h3>
      {chats === null ? (
        <p class="sup-panel__empty">{t('supervision.loading')}</p>
      ) : chats.length === 0 ? (
        <p class="sup-panel__empty">{t('supervision.noChats')}</p>
      ) : (
        <ul class="active-chats">
          {chats.map((chat) => {
            const nameId = domId('active-chat', chat.id);
            const age = (now - Date.parse(chat.createdAt)) / 1000;
            const mine = chat.agent?.id === selfId;
            const disabled = busy.has(chat.id);
            return (
              <li key={chat.id} class="active-chat">
                <p id={nameId} class="active-chat__name">
                  {chatName(chat.visitor.name, chat.subject)}
                </p>
                <p class="active-chat__meta">
                  {departmentLabel(chat.department)}
                  {' · '}
                  {chat.agent ? t('supervision.chatAgent', { agent: chat.agent.displayName }) : t('supervision.noAgent')}
                  {Number.isFinite(age) && ` · ${t('supervision.since', { duration: formatDuration(age) })}`}
                </p>
                <div class="active-chat__actions">
                  {known.has(chat.id) ? (
                    <button type="button" class="button button--small" aria-describedby={nameId} onClick={() => onOpen(chat.id)}>
                      {t('supervision.open')}
                    </button>
                  ) : (
                    <button type="button" class="button button--small" aria-describedby={nameId} disabled={disabled} onClick={() => onJoin(chat.id)}>
                      {t('supervision.join')}
                    </button>
                  )}
                  {!mine && (
                    <button
                      type="button"
                      class="button button--small button--primary"
                      aria-describedby={nameId}
                      disabled={disabled}
                      onClick={() => onTakeOver(chat.id)}
                    >
                      {t('supervision.takeOver')}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
