import type { AgentView } from '@besoin/shared';
import { t } from '../../i18n';
import { agentStatusLabel, departmentLabel, roleLabel } from '../labels';

/** Every agent with availability and load: "En ligne · 2/3". */
export function AgentLoadList({ agents }: { agents: AgentView[] | null }) {
  return (
    <section class="sup-panel" aria-labelledby="sup-agents-title">
      <h3 id="sup-agents-title" class="sup-panel__title">
        {t('supervision.agents')}
      </h3>
      {agents === null ? (
        <p class="sup-panel__empty">{t('supervision.loading')}</p>
      ) : agents.length === 0 ? (
        <p class="sup-panel__empty">{t('supervision.noAgents')}</p>
      ) : (
        <ul class="agent-loads">
          {agents.map((agent) => (
            <li key={agent.id} class={`agent-load agent-load--${agent.status}`}>
              <span class="agent-load__name">{agent.name}</span>{' '}
              <span class="agent-load__state">
                {t('supervision.agentLoad', { status: agentStatusLabel(agent.status), active: agent.activeChats, max: agent.maxChats })}
              </span>
              <span class="agent-load__meta">
                {[roleLabel(agent.role), ...agent.departments.map(departmentLabel)].join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
