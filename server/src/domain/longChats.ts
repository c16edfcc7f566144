import type { Policy } from '@besoin/shared';
import type { ChatRecord, Store } from '../store/store';
import type { Clock } from './clock';
import type { Notifier } from './notifier';
import type { TicketService } from './tickets';
import { texts } from './texts';
import { chatView, messageView } from './views';

export interface LongChatDeps {
  store: Store;
  clock: Clock;
  policy: Policy;
  notifier: Notifier;
  tickets: TicketService;
}

/**
 * Rule 1: chat is for quick questions. A chat assigned for `suggestAfterMinutes` or with
 * `suggestAfterMessages` visitor and agent messages is flagged long (once): the agent gets
 * `chat:long`, the visitor a system message and `chat:updated` with `long`. After
 * `autoConvertAfterMinutes` it becomes a ticket without the agent.
 */
export function createLongChatWatch({ store, clock, policy, notifier, tickets }: LongChatDeps) {
  const { suggestAfterMinutes, suggestAfterMessages, autoConvertAfterMinutes } = policy.longChat;

  async function flag(chat: ChatRecord, minutes: number): Promise<void> {
    const marked = await store.markChatLong(chat.id, clock.now().toISOString());
    if (!marked.ok || !marked.changed || marked.chat.status !== 'active') return;
    const shownMinutes = Math.floor(minutes);
    const system = await store.appendMessage(
      {
        chatId: chat.id, clientMessageId: null, authorRole: 'system', authorName: texts.systemName, authorId: null,
        text: texts.longChat(shownMinutes, marked.chat.messageCount), internal: false,
      },
      clock.now().toISOString(),
    );
    const current = system.ok ? system.chat : marked.chat;
    const view = chatView(current);
    if (current.agentId) {
      notifier.toAgent(current.agentId, 'chat:long', { chatId: chat.id, minutes: shownMinutes, messages: current.messageCount });
      notifier.toAgent(current.agentId, 'chat:updated', { chat: view });
    }
    notifier.toVisitor(current.visitorId, 'chat:updated', { chat: view });
    if (system.ok) {
      const message = messageView(system.message);
      notifier.toVisitor(current.visitorId, 'message:created', { message });
      if (current.agentId) notifier.toAgent(current.agentId, 'message:created', { message });
    }
  }

  return {
    /** Checks one chat against the thresholds (after each message and on every sweep). */
    async check(chat: ChatRecord): Promise<void> {
      if (chat.status !== 'active' || !chat.firstAssignedAt) return;
      const minutes = (clock.now().getTime() - Date.parse(chat.firstAssignedAt)) / 60_000;
      if (minutes >= autoConvertAfterMinutes) {
        await tickets.autoConvert(chat);
        return;
      }
      if (!chat.longAt && (minutes >= suggestAfterMinutes || chat.messageCount >= suggestAfterMessages)) await flag(chat, minutes);
    },
    /** Checks the chats old enough to be flagged or converted (the sweep every `sweepSeconds`). */
    async sweep(): Promise<void> {
      const nowMs = clock.now().getTime();
      const flagBefore = new Date(nowMs - suggestAfterMinutes * 60_000).toISOString();
      const convertBefore = new Date(nowMs - autoConvertAfterMinutes * 60_000).toISOString();
      for (const chat of await store.listLongChatCandidates(flagBefore, convertBefore)) await this.check(chat);
    },
  };
}

export type LongChatWatch = ReturnType<typeof createLongChatWatch>;
