import { type ChatEntry, isEnded, unreadCount } from '../state/deskState';
import { t } from '../i18n';
import { chatName, chatStatusLabel, departmentLabel, domId } from './labels';

/** Props of {@link ChatList}. */
export interface ChatListProps {
  entries: ChatEntry[];
  selectedChatId: string | null;
  onSelect(chatId: string): void;
}

/** The agent's chats. Each button is named "name — subject"; unread and status are its description. */
export function ChatList({ entries, selectedChatId, onSelect }: ChatListProps) {
  return (
    <nav class="chat-list" aria-label={t('list.label')}>
      {entries.length === 0 ? (
        <p class="chat-list__empty">{t('list.empty')}</p>
      ) : (
        <ul>
          {entries.map((entry) => {
            const { chat } = entry;
            const unread = unreadCount(entry);
            const descId = domId('chat-desc', chat.id);
            const selected = chat.id === selectedChatId;
            const classes = ['chat-item', selected && 'chat-item--selected', isEnded(chat) && 'chat-item--ended'];
            return (
              <li key={chat.id} class={classes.filter(Boolean).join(' ')}>
                <button
                  type="button"
                  class="chat-item__button"
                  aria-label={chatName(chat.visitor.name, chat.subject)}
                  aria-describedby={descId}
                  aria-current={selected ? 'true' : undefined}
                  onClick={() => onSelect(chat.id)}
                >
                  <span class="chat-item__name">{chat.visitor.name}</span>
                  <span class="chat-item__subject">{chat.subject}</span>
                  <span class="chat-item__meta" aria-hidden="true">
                    {departmentLabel(chat.department)} · {chatStatusLabel(chat.status)}
                    {entry.observing ? ` · ${t('list.observing')}` : ''}
                    {entry.visitorTyping ? ` · ${t('conversation.typing')}` : ''}
                  </span>
                </button>
                {unread > 0 && (
                  <span class="chat-item__badge" aria-hidden="true">
                    {unread}
                  </span>
                )}
                <span id={descId} class="visually-hidden">
                  {[unread > 0 ? t('list.unread', { count: unread }) : '', departmentLabel(chat.department), chatStatusLabel(chat.status), entry.observing ? t('list.observing') : '']
                    .filter(Boolean)
                    .join(', ')}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
