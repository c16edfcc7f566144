import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ChatStartPayload, DEPARTMENTS, type Department } from '@besoin/shared';
import { t, type MessageKey } from '../i18n';
import type { Identity } from '../types';
import { departmentLabel } from './notices';

type Field = 'name' | 'email' | 'department' | 'subject' | 'message';
type FieldErrors = Partial<Record<Field, string>>;

const FIELD_ERRORS: Record<Field, MessageKey> = {
  name: 'errorName',
  email: 'errorEmail',
  department: 'errorDepartment',
  subject: 'errorSubject',
  message: 'errorMessage',
};
const FIELD_ORDER: readonly Field[] = ['name', 'email', 'department', 'subject', 'message'];

/** Props of {@link PreChatForm}: prefill in, a parsed `chat:start` payload out. */
export interface PreChatFormProps {
  identity: Identity;
  busy: boolean;
  onSubmit: (payload: ChatStartPayload) => void;
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

/** The pre-chat form; validates with the protocol's own schema before calling `onSubmit`. */
export function PreChatForm({ identity, busy, onSubmit }: PreChatFormProps) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({
    name: identity.name ?? '',
    email: identity.email ?? '',
    department: 'technical' as Department,
    subject: '',
    message: '',
    urgent: false,
  });
  const [errors, setErrors] = useState<FieldErrors>({});

  // identify() may arrive after the form is shown: fill only what the visitor left empty.
  useEffect(() => {
    setValues((v) => ({ ...v, name: v.name || identity.name || '', email: v.email || identity.email || '' }));
  }, [identity.name, identity.email]);

  const update = (field: Field | 'urgent', value: string | boolean) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (field !== 'urgent' && errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const parsed = ChatStartPayload.safeParse({ ...values, urgent: values.urgent || undefined });
    if (parsed.success) {
      setErrors({});
      onSubmit(parsed.data);
      return;
    }
    const next = toFieldErrors(parsed.error.issues as never);
    setErrors(next);
    const first = FIELD_ORDER.find((f) => next[f]);
    if (first) form.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  };

  const fieldProps = (field: Field) => ({
    id: `${id}-${field}`,
    name: field,
    'aria-invalid': errors[field] ? ('true' as const) : undefined,
    'aria-describedby': errors[field] ? `${id}-${field}-error` : undefined,
    onInput: (e: Event) => update(field, (e.currentTarget as HTMLInputElement).value),
  });
  const error = (field: Field) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} class="bd-field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form ref={form} class="bd-form" onSubmit={submit} noValidate>
      <p class="bd-intro">{t('intro')}</p>
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
      <button type="submit" class="bd-primary" aria-disabled={busy ? 'true' : undefined}>
        {t('start')}
      </button>
    </form>
  );
}
