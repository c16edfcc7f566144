import type { AgentStatus, Category, ChatStatus, Department, Priority, Role, TicketStatus } from '@besoin/shared';
import { t } from '../i18n';

/** French label of a department (Technique, Facturation, Ventes). */
export function departmentLabel(department: Department): string {
  return t(`department.${department}`);
}

/** French label of a chat status. */
export function chatStatusLabel(status: ChatStatus): string {
  return t(`chat.status.${status}`);
}

/** The stable accessible name of a chat: "visitor name — subject". */
export function chatName(visitorName: string, subject: string): string {
  return t('list.chatName', { name: visitorName, subject });
}

/** A DOM id fragment from an opaque server id. */
export function domId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^\w-]/g, '_')}`;
}

/** French label of a priority (Basse, Normale, Haute, Critique). */
export function priorityLabel(priority: Priority): string {
  return t(`priority.${priority}`);
}

/** French label of a ticket category. */
export function categoryLabel(category: Category): string {
  return t(`category.${category}`);
}

/** French label of a ticket status. */
export function ticketStatusLabel(status: TicketStatus): string {
  return t(`ticketStatus.${status}`);
}

/** French label of an agent's availability. */
export function agentStatusLabel(status: AgentStatus): string {
  return t(`agentStatus.${status}`);
}

/** French label of a role (Agent, Superviseur, Administrateur). */
export function roleLabel(role: Role): string {
  return t(`role.${role}`);
}
