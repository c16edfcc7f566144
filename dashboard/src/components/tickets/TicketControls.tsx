import { type AgentView, type TicketView, PRIORITIES, TICKET_STATUSES } from '@besoin/shared';
import type { TicketPatch } from '../../api/tickets';
import { t } from '../../i18n';
import { priorityLabel, ticketStatusLabel } from '../labels';

/** Props of {@link TicketControls}. */
export interface TicketControlsProps {
  ticket: TicketView;
  team: AgentView[] | null;
  onUpdate(patch: TicketPatch): void;
}

/** Statut, Priorité and Assigné à: each change is sent at once. */
export function TicketControls({ ticket, team, onUpdate }: TicketControlsProps) {
  const agents = team ?? [];
  const unknownAssignee = ticket.assigneeId && !agents.some((a) => a.id === ticket.assigneeId) ? ticket.assigneeId : null;
  return (
    <div class="ticket-controls">
      <label class="field">
        <span>{t('ticket.status')}</span>
        <select value={ticket.status} onChange={(e) => onUpdate({ status: e.currentTarget.value as TicketView['status'] })}>
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ticketStatusLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t('ticket.priority')}</span>
        <select value={ticket.priority} onChange={(e) => onUpdate({ priority: e.currentTarget.value as TicketView['priority'] })}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {priorityLabel(p)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t('ticket.assignee')}</span>
        <select value={ticket.assigneeId ?? ''} onChange={(e) => onUpdate({ assigneeId: e.currentTarget.value || null })}>
          <option value="">{t('ticket.unassigned')}</option>
          {unknownAssignee && <option value={unknownAssignee}>{unknownAssignee}</option>}
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
