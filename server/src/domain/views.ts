import type { AgentView, ChatView, Message } from '@besoin/shared';
import type { AgentRecord, ChatRecord, MessageRecord } from '../store/store';

/** The wire view of a chat; `queuePosition` only while queued. */
export function chatView(chat: ChatRecord, queuePosition?: number, etaSeconds?: number): ChatView {
  const view: ChatView = {
    id: chat.id,
    status: chat.status,
    department: chat.department,
    subject: chat.subject,
    visitor: { name: chat.visitorName, email: chat.visitorEmail },
    lastSeq: chat.lastSeq,
    urgent: chat.urgent,
    priority: chat.priority,
    createdAt: chat.createdAt,
  };
  if (chat.agentId && chat.agentName) view.agent = { id: chat.agentId, displayName: chat.agentName };
  if (chat.status === 'queued' && queuePosition !== undefined) {
    view.queuePosition = queuePosition;
    if (etaSeconds !== undefined) view.etaSeconds = etaSeconds;
  }
  if (chat.ticketRef) view.ticketRef = chat.ticketRef;
  if (chat.category) view.category = chat.category;
  if (chat.longAt && chat.firstAssignedAt) {
    // Minutes at the moment the chat was flagged; messages as of now.
    view.long = { minutes: Math.floor((Date.parse(chat.longAt) - Date.parse(chat.firstAssignedAt)) / 60_000), messages: chat.messageCount };
  }
  if (chat.endedAt) view.endedAt = chat.endedAt;
  return view;
}

/** The wire view of a message. */
export function messageView(m: MessageRecord): Message {
  const view: Message = {
    id: m.id,
    chatId: m.chatId,
    seq: m.seq,
    author: { role: m.authorRole, name: m.authorName },
    text: m.text,
    createdAt: m.createdAt,
  };
  if (m.clientMessageId) view.clientMessageId = m.clientMessageId;
  if (m.internal) view.internal = true;
  return view;
}

/** The wire view of an agent. */
export function agentView(agent: AgentRecord, activeChats: number, defaultMaxChats: number): AgentView {
  return {
    id: agent.id,
    login: agent.login,
    name: agent.name,
    role: agent.role,
    status: agent.status,
    departments: agent.departments,
    maxChats: agent.maxChats ?? defaultMaxChats,
    activeChats,
  };
}
