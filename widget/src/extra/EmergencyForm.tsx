import { useId, useState } from 'preact/hooks';
import { t } from '../i18n';
import { te } from '../i18n/extra';
import type { ExtraKey } from '../i18n/fr-extra';
import { errorText } from '../app/notices';
import type { Outcome, PayloadOf } from '../app/session';
import type { VisitorTicket } from '../app/visitorData';

/** Props of {@link EmergencyForm}. */
export interface EmergencyFormProps {
  /** The visitor's open outage tickets (at least one: the app offers the screen only then). */
  tickets: readonly VisitorTicket[];
  send: (payload: PayloadOf<'emergency:raise'>) => Promise<Outcome<'emergency:raise'>>;
  /** Told once the on-call sysadmins are paged (the app also says it in the status region). */
  onDone: (text: string) => void;
  onBack: () => void;
}

const ERRORS: Partial<Record<string, ExtraKey>> = {
  forbidden: 'emergencyForbidden',
  conflict: 'emergencyConflict',
  rate_limited: 'emergencyRateLimited',
  not_found: 'emergencyNotFound',
};

/** "Signaler une urgence" (rule 7): the policy, the two-point checklist, a description, then emergency:raise. */
export function EmergencyForm({ tickets, send, onDone, onBack }: EmergencyFormProps) {
  const id = useId();
  const [ticketRef, setTicketRef] = useState(tickets[0]?.ref ?? '');
  const [devices, setDevices] = useState(false);
  const [networks, setNetworks] = useState(false);
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const ready = devices && networks && description.trim() !== '' && ticketRef !== '';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError('');
    const res = await send({ ticketRef, testedOtherDevices: devices, testedOtherNetworks: networks, description: description.trim() });
    setBusy(false);
    if (!res.ok) {
      const key = ERRORS[res.error.code];
      return setError(key ? te(key) : errorText({ code: res.error.code }));
    }
    const text = te('emergencyDone');
    setDone(text);
    onDone(text);
  };
  const check = (name: string, label: ExtraKey, checked: boolean, set: (value: boolean) => void) => (
    <div class="bd-check">
      <input id={`${id}-${name}`} name={name} type="checkbox" checked={checked} onChange={(e) => set(e.currentTarget.checked)} />
      <label for={`${id}-${name}`}>{te(label)}</label>
    </div>
  );

  return (
    <form class="bd-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class="bd-heading">
        {t('raiseEmergency')}
      </h3>
      {done ? (
        <p class="bd-note">{done}</p>
      ) : (
        <>
          <div class="bd-policy">
            <p>{te('emergencyPolicy1')}</p>
            <p>{te('emergencyPolicy2')}</p>
            <p>{te('emergencyPolicy3')}</p>
          </div>
          <div class="bd-field">
            <label for={`${id}-ticket`}>{te('emergencyTicket')}</label>
            <select id={`${id}-ticket`} name="ticketRef" value={ticketRef} onChange={(e) => setTicketRef(e.currentTarget.value)}>
              {tickets.map((ticket) => (
                <option key={ticket.ref} value={ticket.ref}>
                  {`${ticket.ref} — ${ticket.subject}`}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="bd-fieldset">
            <legend>{te('emergencyChecklist')}</legend>
            {check('testedOtherDevices', 'emergencyDevices', devices, setDevices)}
            {check('testedOtherNetworks', 'emergencyNetworks', networks, setNetworks)}
          </fieldset>
          <div class="bd-field">
            <label for={`${id}-description`}>{te('emergencyDescription')}</label>
            <textarea
              id={`${id}-description`}
              name="description"
              rows={4}
              maxLength={5000}
              value={description}
              onInput={(e) => setDescription(e.currentTarget.value)}
            />
          </div>
          {error ? (
            <p class="bd-field-error" role="alert">
              {error}
            </p>
          ) : null}
          {ready ? null : (
            <p id={`${id}-hint`} class="bd-note">
              {te('emergencyHint')}
            </p>
          )}
          <button
            type="submit"
            class="bd-primary bd-danger"
            disabled={!ready}
            aria-describedby={ready ? undefined : `${id}-hint`}
            aria-disabled={busy ? 'true' : undefined}
          >
            {te('emergencySend')}
          </button>
        </>
      )}
      <button type="button" class="bd-secondary bd-switch" onClick={onBack}>
        {t('back')}
      </button>
    </form>
  );
}
