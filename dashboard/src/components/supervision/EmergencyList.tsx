import type { EmergencyView } from '../../api/supervision';
import { t } from '../../i18n';
import { formatDateTime } from '../../i18n/durations';
import { domId } from '../labels';

/** Props of {@link EmergencyList}. */
export interface EmergencyListProps {
  emergencies: EmergencyView[] | null;
  /** Emergencies being marked right now (their button is disabled). */
  busy: ReadonlySet<string>;
  onOpen(ref: string): void;
  onMarkAbuse(emergencyId: string): void;
}

const yesNo = (value: boolean) => t(value ? 'emergencies.yes' : 'emergencies.no');

/** Emergencies raised by visitors (rule 7), each with its checklist and "Marquer comme abus". */
export function EmergencyList({ emergencies, busy, onOpen, onMarkAbuse }: EmergencyListProps) {
  return (
    <section class="sup-panel" aria-labelledby="sup-emergencies-title">
      <h3 id="sup-emergencies-title" class="sup-panel__title">
        {t('emergencies.heading')}
      </h3>
      {emergencies === null ? (
        <p class="sup-panel__empty">{t('supervision.loading')}</p>
      ) : emergencies.length === 0 ? (
        <p class="sup-panel__empty">{t('emergencies.empty')}</p>
      ) : (
        <ul class="emergencies">
          {emergencies.map((e) => {
            const titleId = domId('emergency', e.id);
            return (
              <li key={e.id} class={e.abuse ? 'emergency emergency--abuse' : 'emergency'}>
                <p id={titleId} class="emergency__title">
                  <button type="button" class="link-button" onClick={() => onOpen(e.ticketRef)}>
                    {e.ticketRef}
                  </button>{' '}
                  — {e.ticket.subject}
                </p>
                <p class="emergency__meta">
                  {e.requesterEmail} · <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
                </p>
                <p class="emergency__text">{e.description}</p>
                <p class="emergency__meta">{t('emergencies.checks', { devices: yesNo(e.testedOtherDevices), networks: yesNo(e.testedOtherNetworks) })}</p>
                {e.abuse ? (
                  <p class="emergency__abuse">{t('emergencies.abuseMarked')}</p>
                ) : (
                  <button type="button" class="button button--small button--danger" aria-describedby={titleId} disabled={busy.has(e.id)} onClick={() => onMarkAbuse(e.id)}>
                    {t('emergencies.abuse')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
