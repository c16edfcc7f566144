import { type AgentView, type ChatView, DEPARTMENTS } from '@besoin/shared';
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import type { TransferTarget } from '../socket/chatActions';
import { Dialog } from './Dialog';
import { agentStatusLabel, departmentLabel, domId } from './labels';

/** Props of {@link TransferDialog}. */
export interface TransferDialogProps {
  chat: ChatView;
  /** The team (null while loading); the current agent is left out. */
  agents: AgentView[] | null;
  selfId: string | undefined;
  busy?: boolean;
  onTransfer(target: TransferTarget): void;
  onCancel(): void;
}

/** Whether an agent can take one more chat now. */
export function hasRoom(agent: AgentView): boolean {
  return agent.status === 'online' && agent.activeChats < agent.maxChats;
}

/** "Transférer la discussion": to a department (back to its queue) or to an online agent with room. */
export function TransferDialog({ chat, agents, selfId, busy = false, onTransfer, onCancel }: TransferDialogProps) {
  const [choice, setChoice] = useState<string>('');
  const others = (agents ?? []).filter((a) => a.id !== selfId);
  // Agents of the chat's department first, then by name.
  others.sort((a, b) => Number(b.departments.includes(chat.department)) - Number(a.departments.includes(chat.department)) || a.name.localeCompare(b.name));

  const submit = (e: Event) => {
    e.preventDefault();
    const [kind, value] = choice.split(':', 2) as [string, string | undefined];
    if (!value) return;
    if (kind === 'department') onTransfer({ toDepartment: value as ChatView['department'] });
    else onTransfer({ toAgentId: value });
  };

  return (
    <Dialog title={t('transfer.title')} onClose={onCancel}>
      <form class="dialog__form" onSubmit={submit}>
        <fieldset class="choices">
          <legend>{t('transfer.departments')}</legend>
          {DEPARTMENTS.map((d) => (
            <label key={d} class="choice">
              <input type="radio" name="transfer-target" value={`department:${d}`} checked={choice === `department:${d}`} onChange={() => setChoice(`department:${d}`)} />
              {t('transfer.departmentOption', { department: departmentLabel(d) })}
            </label>
          ))}
        </fieldset>
        <fieldset class="choices">
          <legend>{t('transfer.agents')}</legend>
          {agents === null && <p>{t('transfer.loading')}</p>}
          {agents !== null && others.length === 0 && <p>{t('transfer.noAgents')}</p>}
          {others.map((agent) => {
            const value = `agent:${agent.id}`;
            const descId = domId('transfer-agent', agent.id);
            const room = hasRoom(agent);
            return (
              <label key={agent.id} class={room ? 'choice' : 'choice choice--disabled'}>
                <input
                  type="radio"
                  name="transfer-target"
                  value={value}
                  disabled={!room}
                  checked={choice === value}
                  aria-describedby={descId}
                  onChange={() => setChoice(value)}
                />
                {agent.name}{' '}
                <span id={descId} class="choice__hint">
                  {t('transfer.agentLoad', { status: agentStatusLabel(agent.status), active: agent.activeChats, max: agent.maxChats })}
                  {agent.status === 'online' && !room ? ` (${t('transfer.agentFull')})` : ''}
                </span>
              </label>
            );
          })}
        </fieldset>
        <div class="dialog__actions">
          <button type="button" class="button" onClick={onCancel}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" class="button button--primary" disabled={!choice || busy}>
            {t('transfer.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
