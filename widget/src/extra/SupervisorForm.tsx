import { useId, useState } from 'preact/hooks';
import { Email, PersonName, type TicketView } from '@besoin/shared';
import { t } from '../i18n';
import { te } from '../i18n/extra';
import type { Identity } from '../types';
import { errorText } from '../app/notices';
import type { Outcome, PayloadOf } from '../app/session';

/** Props of {@link SupervisorForm}. */
export interface SupervisorFormProps {
  /** The visitor's open (queued or active) chat: the complaint is linked to it, no name or e-mail asked. */
  chatId?: string | undefined;
  /** Prefill of "Nom" and "E-mail" when there is no open chat (identify(), or the ended chat). */
  identity: Identity;
  send: (payload: PayloadOf<'supervisor:request'>) => Promise<Outcome<'supervisor:request'>>;
  /** Told the confirmation and the complaint ticket (the app says it in the status region too). */
  onDone: (text: string, ticket: TicketView) => void;
  onBack: () => void;
}

type Field = 'name' | 'email' | 'message';

/** "Contacter un superviseur" (rule 9): a complaint, linked to the open chat or with the visitor's name and e-mail. */
export function SupervisorForm({ chatId, identity, send, onDone, onBack }: SupervisorFormProps) {
  const id = useId();
  const [values, setValues] = useState({ name: identity.name ?? '', email: identity.email ?? '', message: '' });
  const [invalid, setInvalid] = useState<Field | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const message = values.message.trim();
    // Same rules as the protocol's SupervisorRequestPayload (shared schemas, no extra code shipped).
    const wrong: Field | null = !message
      ? 'message'
      : chatId
        ? null
        : !PersonName.safeParse(values.name).success
          ? 'name'
          : !Email.safeParse(values.email.trim()).success
            ? 'email'
            : null;
    setInvalid(wrong);
    if (wrong) return (event.currentTarget as HTMLFormElement).querySelector<HTMLElement>(`[name="${wrong}"]`)?.focus();
    setBusy(true);
    setError('');
    const res = await send(chatId ? { chatId, message } : { name: values.name.trim(), email: values.email.trim(), message });
    setBusy(false);
    if (!res.ok) return setError(errorText({ code: res.error.code }));
    const text = te('supervisorDone', { ref: res.data.ticket.ref });
    setDone(text);
    onDone(text, res.data.ticket);
  };

  const field = (name: Field, label: string, input: preact.JSX.Element) => (
    <div class="bd-field">
      <label for={`${id}-${name}`}>{label}</label>
      {input}
      {invalid === name ? (
        <p id={`${id}-${name}-error`} class="bd-field-error">
          {name === 'message' ? te('errorComplaint') : t(name === 'name' ? 'errorName' : 'errorEmail')}
        </p>
      ) : null}
    </div>
  );
  const props = (name: Field) => ({
    id: `${id}-${name}`,
    name,
    value: values[name],
    'aria-invalid': invalid === name ? ('true' as const) : undefined,
    'aria-describedby': invalid === name ? `${id}-${name}-error` : undefined,
    onInput: (e: Event) => setValues((v) => ({ ...v, [name]: (e.currentTarget as HTMLInputElement).value })),
  });

  return (
    <form class="bd-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class="bd-heading">
        {t('contactSupervisor')}
      </h3>
      {done ? (
        <p class="bd-note">{done}</p>
      ) : (
        <>
          <p class="bd-intro">{te(chatId ? 'supervisorIntroChat' : 'supervisorIntro')}</p>
          {chatId ? null : (
            <>
              {field('name', t('fieldName'), <input {...props('name')} type="text" autocomplete="name" maxLength={120} />)}
              {field('email', t('fieldEmail'), <input {...props('email')} type="email" autocomplete="email" maxLength={254} />)}
            </>
          )}
          {field('message', te('supervisorMessage'), <textarea {...props('message')} rows={5} maxLength={5000} />)}
          {error ? (
            <p class="bd-field-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" class="bd-primary" aria-disabled={busy ? 'true' : undefined}>
            {te('supervisorSend')}
          </button>
        </>
      )}
      <button type="button" class="bd-secondary bd-switch" onClick={onBack}>
        {t('back')}
      </button>
    </form>
  );
}
