import { useState } from 'preact/hooks';
import { type AgentView, type Department, type QueueSummary, DEPARTMENTS } from '@besoin/shared';
import { t } from '../i18n';
import type { ConnectionState } from '../state/deskState';
import { AlarmSoundToggle } from './AlarmCenter';
import { Dialog } from './Dialog';
import { departmentLabel } from './labels';

/** Props of {@link AgentHeader}. */
export interface AgentHeaderProps {
  agent: AgentView | null;
  queues: Partial<Record<Department, QueueSummary>>;
  connection: ConnectionState;
  onStatusChange(status: 'online' | 'away'): void;
  onLogout(): void;
  /** "Se déconnecter partout", once confirmed; resolves true when every session is revoked. */
  onLogoutAll(): Promise<boolean>;
  /** "Son des alertes" (supervisors and admins only). */
  alarmSound?: { on: boolean; onChange(on: boolean): void };
}

/** Top bar: who is logged in, availability, queue counters, connection state, logout (here or everywhere). */
export function AgentHeader({ agent, queues, connection, onStatusChange, onLogout, onLogoutAll, alarmSound }: AgentHeaderProps) {
  const departments = DEPARTMENTS.filter((d) => queues[d] !== undefined || agent?.departments.includes(d));
  return (
    <header class="topbar">
      <p class="topbar__brand">{t('app.title')}</p>
      {agent && (
        <p class="topbar__agent">
          <span class="topbar__name">{agent.name}</span>{' '}
          <span class="topbar__load">{t('header.load', { active: agent.activeChats, max: agent.maxChats })}</span>
        </p>
      )}
      <label class="topbar__status">
        <span>{t('header.availability')}</span>
        <select
          value={agent?.status === 'online' ? 'online' : 'away'}
          disabled={!agent || connection !== 'online'}
          onChange={(e) => onStatusChange(e.currentTarget.value === 'online' ? 'online' : 'away')}
        >
          <option value="online">{t('header.status.online')}</option>
          <option value="away">{t('header.status.away')}</option>
        </select>
      </label>
      <ul class="topbar__queues" aria-label={t('header.queues')}>
        {departments.map((d) => (
          <li key={d} class={(queues[d]?.waiting ?? 0) > 0 ? 'queue queue--waiting' : 'queue'}>
            {t('header.queue', { department: departmentLabel(d), waiting: queues[d]?.waiting ?? 0 })}
          </li>
        ))}
      </ul>
      {alarmSound && <AlarmSoundToggle on={alarmSound.on} onChange={alarmSound.onChange} />}
      <p class={`topbar__connection topbar__connection--${connection}`} role="status">
        {t(`header.connection.${connection}`)}
      </p>
      <button type="button" class="button" onClick={onLogout}>
        {t('header.logout')}
      </button>
      <LogoutAllButton onLogoutAll={onLogoutAll} />
    </header>
  );
}

/** "Se déconnecter partout" and its confirmation dialog. */
function LogoutAllButton({ onLogoutAll }: { onLogoutAll(): Promise<boolean> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const close = () => {
    if (busy) return;
    setOpen(false);
    setFailed(false);
  };
  const confirm = async () => {
    setBusy(true);
    setFailed(false);
    const done = await onLogoutAll().catch(() => false);
    // On success the desk goes away; otherwise the dialog stays with the reason.
    if (!done) {
      setBusy(false);
      setFailed(true);
    }
  };
  return (
    <>
      <button type="button" class="button" onClick={() => setOpen(true)}>
        {t('header.logoutAll')}
      </button>
      {open && (
        <Dialog title={t('logoutAll.title')} onClose={close}>
          <p role="alert">{failed ? t('logoutAll.failed') : ''}</p>
          <div class="dialog__actions">
            <button type="button" class="button" disabled={busy} onClick={close}>
              {t('dialog.cancel')}
            </button>
            <button type="button" class="button button--danger" disabled={busy} onClick={() => void confirm()}>
              {t('logoutAll.confirm')}
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
