import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ChatStartPayload, DEPARTMENTS, type Department, type TicketCreatePayload } from '@besoin/shared';
import { t, type MessageKey } from '../i18n';
import type { Identity } from '../types';
import { BillingHelp } from './BillingHelp';
import type { DepartmentStates } from './departments';
import { openStateText, weeklyHoursText, type ZoneOptions } from './hours';
import { departmentLabel } from './notices';

type Field = 'name' | 'email' | 'department' | 'subject' | 'message';
type FieldErrors = Partial<Record<Field, string>>;

/** The values of the form (chat and ticket share every field). */
export interface FormValues {
  name: string;
  email: string;
  department: Department;
  subject: string;
  message: string;
  urgent: boolean;
}

const FIELD_ERRORS: Record<Field, MessageKey> = {
  name: 'errorName',
  email: 'errorEmail',
  department: 'errorDepartment',
  subject: 'errorSubject',
  message: 'errorMessage',
};
const FIELD_ORDER: readonly Field[] = ['name', 'email', 'department', 'subject', 'message'];

/** Props of {@link PreChatForm}: prefill and department states in, a parsed payload out. */
export interface PreChatFormProps extends ZoneOptions {
  identity: Identity;
  busy: boolean;
  onSubmit: (payload: ChatStartPayload) => void;
  /** The ticket form ("Laisser un ticket"); without it, only chat is offered. */
  onTicket?: (payload: TicketCreatePayload) => void;
  /** Hours and open state per department (`null`: unknown, no hours shown). */
  departments?: DepartmentStates | null;
  /** Prefill, e.g. from the chat in which the ticket is offered. */
  initial?: Partial<FormValues>;
  /** Only the ticket form (a chat is already queued): "Retour" calls `onCancel`. */
  ticketOnly?: boolean;
  onCancel?: () => void;
  /** Told the selected department (at first render and on every change). */
  onDepartment?: (department: Department) => void;
  /** The customer area, linked when "Facturation" is selected (rule 8). */
  customerAreaUrl?: string | undefined;
  /** Shown below the buttons (the start screen's help: supervisor, emergency, phone). */
  children?: ComponentChildren;
}

/** Turns zod issues into one French message per field. */
function toFieldErrors(issues: readonly { path: readonly PropertyKey[]; code: string; maximum?: unknown }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[0] as Field;
    if (!(field in FIELD_ERRORS) || errors[field]) continue;
    errors[field] = issue.code === 'too_big' ? t('errorTooLong', { max: String(issue.maximum) }) : t(FIELD_ERRORS[field]);
  }
  return errors;
}

/**
 * The pre-chat form, which is also the ticket form: same fields, validated with the protocol's own
 * schema (`ChatStartPayload`, whose fields are those of `TicketCreatePayload`). A closed department only offers the ticket.
 */
export function PreChatForm(props: PreChatFormProps) {
  const { identity, busy, onSubmit, onTicket, departments, ticketOnly, onCancel, onDepartment, timeZone, locale } = props;
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const focusFirst = useRef(false);
  const [values, setValues] = useState<FormValues>(() => ({
    name: identity.name ?? '',
    email: identity.email ?? '',
    department: 'technical',
    subject: '',
    message: '',
    urgent: false,
    ...props.initial,
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [ticketChosen, setTicketChosen] = useState(false);

  const state = departments?.[values.department];
  const closed = state?.open === false;
  const ticket = Boolean(onTicket) && (ticketOnly || ticketChosen || closed);

  // identify() may arrive after the form is shown: fill only what the visitor left empty.
  useEffect(() => {
    setValues((v) => ({ ...v, name: v.name || identity.name || '', email: v.email || identity.email || '' }));
  }, [identity.name, identity.email]);
  useEffect(() => onDepartment?.(values.department), [values.department]);
  useEffect(() => {
    if (!focusFirst.current) return;
    focusFirst.current = false;
    form.current?.querySelector<HTMLElement>('input')?.focus();
  });

  const update = (field: Field | 'urgent', value: string | boolean) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (field !== 'urgent' && errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const choose = (chosen: boolean) => {
    focusFirst.current = true; // the clicked button goes away: keep the focus in the form
    if (chosen || !ticketOnly) setTicketChosen(chosen);
    else onCancel?.();
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const input = { ...values, urgent: values.urgent || undefined };
    // TicketCreatePayload has the same fields and rules as ChatStartPayload minus the optional
    // locale and pageUrl, which the form never sets: one schema validates both (less code on first open).
    const parsed = ChatStartPayload.safeParse(input);
    if (parsed.success) {
      setErrors({});
      if (ticket) onTicket?.(parsed.data);
      else onSubmit(parsed.data);
      return;
    }
    const next = toFieldErrors(parsed.error.issues as never);
    setErrors(next);
    const first = FIELD_ORDER.find((f) => next[f]);
    if (first) form.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  };

  const describedBy = (field: Field, extra?: string) =>
    [errors[field] ? `${id}-${field}-error` : '', extra ?? ''].filter(Boolean).join(' ') || undefined;
  const fieldProps = (field: Field) => ({
    id: `${id}-${field}`,
    name: field,
    'aria-invalid': errors[field] ? ('true' as const) : undefined,
    'aria-describedby': describedBy(field),
    onInput: (e: Event) => update(field, (e.currentTarget as HTMLInputElement).value),
  });
  const error = (field: Field) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} class="bd-field-error">
        {errors[field]}
      </p>
    ) : null;
  const zone = { timeZone, locale };
  const weekly = state?.hours ? weeklyHoursText(state.hours, locale) : '';

  return (
    <form ref={form} class="bd-form" onSubmit={submit} noValidate aria-labelledby={ticket ? `${id}-heading` : undefined}>
      {ticket ? (
        <h3 id={`${id}-heading`} class="bd-heading">
          {t('leaveTicket')}
        </h3>
      ) : null}
      <p class="bd-intro">{ticket ? t('ticketIntro') : t('intro')}</p>
      <div class="bd-field">
        <label for={`${id}-name`}>{t('fieldName')}</label>
        <input {...fieldProps('name')} type="text" autocomplete="name" maxLength={120} value={values.name} />
        {error('name')}
      </div>
      <div class="bd-field">
        <label for={`${id}-email`}>{t('fieldEmail')}</label>
        <input {...fieldProps('email')} type="email" autocomplete="email" maxLength={254} value={values.email} />
        {error('email')}
      </div>
      <div class="bd-field">
        <label for={`${id}-department`}>{t('fieldDepartment')}</label>
        <select
          {...fieldProps('department')}
          aria-describedby={describedBy('department', state ? `${id}-hours` : undefined)}
          value={values.department}
          onChange={(e) => update('department', e.currentTarget.value)}
        >
          {DEPARTMENTS.map((d) => (
            <option key={d} value={d}>
              {departmentLabel(d)}
            </option>
          ))}
        </select>
        {error('department')}
        {state ? (
          <div id={`${id}-hours`} class="bd-hours">
            <p class={closed ? 'bd-closed' : 'bd-open'}>{openStateText(state, zone)}</p>
            {weekly ? <p>{weekly}</p> : null}
          </div>
        ) : null}
        {values.department === 'billing' ? <BillingHelp url={props.customerAreaUrl} /> : null}
      </div>
      <div class="bd-field">
        <label for={`${id}-subject`}>{t('fieldSubject')}</label>
        <input {...fieldProps('subject')} type="text" maxLength={200} value={values.subject} />
        {error('subject')}
      </div>
      <div class="bd-field">
        <label for={`${id}-message`}>{t('fieldMessage')}</label>
        <textarea {...fieldProps('message')} rows={4} maxLength={5000} value={values.message} />
        {error('message')}
      </div>
      <div class="bd-check">
        <input
          id={`${id}-urgent`}
          name="urgent"
          type="checkbox"
          checked={values.urgent}
          onChange={(e) => update('urgent', e.currentTarget.checked)}
        />
        <label for={`${id}-urgent`}>{t('fieldUrgent')}</label>
      </div>
      {closed && ticket && !ticketOnly ? (
        <p class="bd-note">{t('closedNotice', { department: departmentLabel(values.department) })}</p>
      ) : null}
      <button type="submit" class="bd-primary" aria-disabled={busy ? 'true' : undefined}>
        {ticket ? t('sendTicket') : t('start')}
      </button>
      {onTicket && !(ticket && closed && !ticketOnly) ? (
        <button type="button" class="bd-secondary bd-switch" onClick={() => choose(!ticket)}>
          {ticket ? t('back') : t('leaveTicket')}
        </button>
      ) : null}
      {props.children}
    </form>
  );
}
