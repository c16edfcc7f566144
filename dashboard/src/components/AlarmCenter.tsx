import { useEffect, useRef } from 'preact/hooks';
import type { Beeper } from '../alarm/beeper';
import { t } from '../i18n';
import type { Alarm } from '../state/supervisionReducer';
import { domId } from './labels';

/** Props of {@link AlarmCenter}. */
export interface AlarmCenterProps {
  /** Unacknowledged alarms, newest first. */
  alarms: Alarm[];
  /** "Son des alertes": whether a new alarm beeps. */
  soundOn: boolean;
  beeper: Beeper;
  onView(ticketRef: string): void;
  onAcknowledge(emergencyId: string): void;
}

/**
 * Emergency alarms (rule 7): one role="alert" banner per unacknowledged emergency, named
 * "URGENCE : ticket REF — subject", and a beep for each new one while the sound is on.
 */
export function AlarmCenter({ alarms, soundOn, beeper, onView, onAcknowledge }: AlarmCenterProps) {
  const heard = useRef(new Set<string>());
  useEffect(() => {
    let fresh = false;
    for (const alarm of alarms) {
      if (heard.current.has(alarm.emergencyId)) continue;
      heard.current.add(alarm.emergencyId);
      fresh = true;
    }
    if (fresh && soundOn) beeper.beep();
  }, [alarms, soundOn, beeper]);

  if (alarms.length === 0) return null;
  return (
    <div class="alarms">
      {alarms.map(({ emergencyId, ticket }) => {
        const textId = domId('alarm', emergencyId);
        return (
          <section key={emergencyId} class="alarm" role="alert" aria-labelledby={textId}>
            <p id={textId} class="alarm__text">
              {t('alarm.text', { ref: ticket.ref, subject: ticket.subject })}
            </p>
            <div class="alarm__actions">
              <button type="button" class="button button--small" aria-describedby={textId} onClick={() => onView(ticket.ref)}>
                {t('alarm.view')}
              </button>
              <button type="button" class="button button--small" aria-describedby={textId} onClick={() => onAcknowledge(emergencyId)}>
                {t('alarm.acknowledge')}
              </button>
            </div>
          </section>
        );
      })}
    </div>
  );
}

/** The "Son des alertes" switch (a checkbox), shown to supervisors and admins. */
export function AlarmSoundToggle({ on, onChange }: { on: boolean; onChange(on: boolean): void }) {
  return (
    <label class="topbar__sound">
      <input type="checkbox" checked={on} onChange={(e) => onChange(e.currentTarget.checked)} />
      {t('alarm.sound')}
    </label>
  );
}
