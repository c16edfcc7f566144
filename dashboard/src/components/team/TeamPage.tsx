import type { AgentView } from '@besoin/shared';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { DeskActions } from '../../socket/agentController';
import { Dialog } from '../Dialog';
import { agentStatusLabel, departmentLabel, domId, roleLabel } from '../labels';
import { AgentForm } from './AgentForm';

/** Props of {@link TeamPage}. */
export interface TeamPageProps {
  /** Every agent; null until loaded. */
  agents: AgentView[] | null;
  /** The logged-in admin (who cannot delete their own account here). */
  selfId: string | undefined;
  actions: Pick<DeskActions, 'loadAgents' | 'createAgent' | 'saveAgent' | 'deleteAgent'>;
}

/** "Équipe" (admins): the agents, a form to create or edit one, deletion with confirmation. */
export function TeamPage({ agents, selfId, actions }: TeamPageProps) {
  const [editing, setEditing] = useState<AgentView | null>(null);
  const [deleting, setDeleting] = useState<AgentView | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => actions.loadAgents(), []);

  const confirmDelete = (agent: AgentView) => {
    setBusy(true);
    void actions.deleteAgent(agent.id).then((ok) => {
      setBusy(false);
      if (!ok) return;
      setDeleting(null);
      if (editing?.id === agent.id) setEditing(null);
    });
  };

  return (
    <main class="team" aria-labelledby="team-title">
      <h2 id="team-title">{t('team.heading')}</h2>
      {agents === null ? (
        <p class="tickets__count" role="status">
          {t('team.loading')}
        </p>
      ) : (
        <table class="ticket-table team-table">
          <caption class="visually-hidden">{t('team.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.col.login')}</th>
              <th scope="col">{t('team.col.name')}</th>
              <th scope="col">{t('team.col.role')}</th>
              <th scope="col">{t('team.col.departments')}</th>
              <th scope="col">{t('team.col.maxChats')}</th>
              <th scope="col">{t('team.col.status')}</th>
              <th scope="col">{t('team.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => {
              const nameId = domId('team-agent', agent.id);
              return (
                <tr key={agent.id}>
                  <th scope="row">{agent.login}</th>
                  <td id={nameId}>
                    {agent.name} {agent.id === selfId && <span class="team-table__you">{t('team.you')}</span>}
                  </td>
                  <td>{roleLabel(agent.role)}</td>
                  <td>{agent.departments.map(departmentLabel).join(', ')}</td>
                  <td>{agent.maxChats}</td>
                  <td>{agentStatusLabel(agent.status)}</td>
                  <td class="team-table__actions">
                    <button type="button" class="button button--small" aria-describedby={nameId} onClick={() => setEditing(agent)}>
                      {t('team.edit')}
                    </button>
                    {agent.id !== selfId && (
                      <button type="button" class="button button--small button--danger" aria-describedby={nameId} onClick={() => setDeleting(agent)}>
                        {t('team.delete')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <AgentForm
        key={editing?.id ?? 'new'}
        agent={editing}
        onCreate={actions.createAgent}
        onSave={actions.saveAgent}
        onCancel={() => setEditing(null)}
      />
      {deleting && (
        <Dialog title={t('team.deleteTitle')} onClose={() => setDeleting(null)}>
          <p>{t('team.deleteConfirm', { name: deleting.name, login: deleting.login })}</p>
          <div class="dialog__actions">
            <button type="button" class="button" onClick={() => setDeleting(null)}>
              {t('dialog.cancel')}
            </button>
            <button type="button" class="button button--danger" disabled={busy} onClick={() => confirmDelete(deleting)}>
              {t('team.deleteSubmit')}
            </button>
          </div>
        </Dialog>
      )}
    </main>
  );
}
