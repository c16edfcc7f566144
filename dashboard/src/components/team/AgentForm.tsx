import { type AgentView, type Department, type Role, DEPARTMENTS, ROLES } from '@besoin/shared';
import type { ComponentChildren } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import type { AgentChanges, AgentField, NewAgent } from '../../api/agents';
import type { AgentSaveResult } from '../../api/teamActions';
import { type MessageKey, t } from '../../i18n';
import { departmentLabel, roleLabel } from '../labels';
import { type AgentFormErrors, type AgentFormValues, initialValues, toAgentChanges, toNewAgent, validateAgentForm } from './agentForm';

/** Props of {@link AgentForm}. */
export interface AgentFormProps {
  /** The agent edited, or null to create one. */
  agent: AgentView | null;
  onCreate(agent: NewAgent): Promise<AgentSaveResult>;
  onSave(id: string, changes: AgentChanges): Promise<AgentSaveResult>;
  /** Leaves edit mode. */
  onCancel?(): void;
}

function errorText(field: AgentField, error: 'invalid' | 'taken'): string {
  return t((error === 'taken' ? `team.taken.${field}` : `team.invalid.${field}`) as MessageKey);
}

/** One labelled control with its hint and error, tied together with aria-describedby. */
function Field(props: { id: string; label: string; hint?: string; error?: string; children: (describedBy: string | undefined) => ComponentChildren }) {
  const { id, label, hint, error, children } = props;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children(described)}
      {hint && <p id={`${id}-hint`} class="field__hint">{hint}</p>}
      {error && <p id={`${id}-error`} class="field__error">{error}</p>}
    </div>
  );
}

/** "Nouvel agent" / "Modifier l'agent": Identifiant, Nom, Mot de passe, Rôle, Services, Discussions simultanées. */
export function AgentForm({ agent, onCreate, onSave, onCancel }: AgentFormProps) {
  const creating = agent === null;
  const [values, setValues] = useState<AgentFormValues>(() => initialValues(agent));
  const [errors, setErrors] = useState<AgentFormErrors>({});
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const id = useId();
  const fid = (field: AgentField) => `${id}-${field}`;
  const err = (field: AgentField) => (errors[field] ? errorText(field, errors[field]) : undefined);

  const set = <K extends keyof AgentFormValues>(key: K, value: AgentFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // A corrected field loses its error at once; the others keep theirs until the next submit.
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const toggleDepartment = (d: Department, on: boolean) =>
    set('departments', on ? [...values.departments.filter((x) => x !== d), d] : values.departments.filter((x) => x !== d));

  const showErrors = (found: AgentFormErrors) => {
    setErrors(found);
    // Focus the first field in error (after the render that marks it).
    setTimeout(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const found = validateAgentForm(values, creating);
    if (Object.keys(found).length > 0) {
      showErrors(found);
      return;
    }
    setBusy(true);
    const result = creating ? await onCreate(toNewAgent(values)) : await onSave(agent.id, toAgentChanges(values));
    setBusy(false);
    if (!result.ok) {
      showErrors(result.failure.fields);
      return;
    }
    setErrors({});
    if (creating) setValues(initialValues(null));
    else onCancel?.();
  };

  const hasErrors = Object.values(errors).some(Boolean);
  const headingId = `${id}-heading`;
  return (
    <form ref={form} class="agent-form" aria-labelledby={headingId} noValidate onSubmit={(e) => void submit(e)}>
      <h3 id={headingId}>{creating ? t('team.createHeading') : t('team.editHeading', { login: agent.login })}</h3>
      <p class="agent-form__summary" role="alert">
        {hasErrors ? t('team.formErrors') : ''}
      </p>
      {creating && (
        <Field id={fid('login')} label={t('team.field.login')} error={err('login')}>
          {(describedBy) => (
            <input id={fid('login')} name="login" autocomplete="off" value={values.login} aria-invalid={errors.login ? 'true' : undefined} aria-describedby={describedBy} onInput={(e) => set('login', e.currentTarget.value)} />
          )}
        </Field>
      )}
      <Field id={fid('name')} label={t('team.field.name')} error={err('name')}>
        {(describedBy) => (
          <input id={fid('name')} name="name" value={values.name} aria-invalid={errors.name ? 'true' : undefined} aria-describedby={describedBy} onInput={(e) => set('name', e.currentTarget.value)} />
        )}
      </Field>
      <Field id={fid('password')} label={t('team.field.password')} hint={creating ? t('team.field.passwordRule') : t('team.field.passwordKeep')} error={err('password')}>
        {(describedBy) => (
          <input id={fid('password')} name="password" type="password" autocomplete="new-password" value={values.password} aria-invalid={errors.password ? 'true' : undefined} aria-describedby={describedBy} onInput={(e) => set('password', e.currentTarget.value)} />
        )}
      </Field>
      <Field id={fid('role')} label={t('team.field.role')} error={err('role')}>
        {(describedBy) => (
          <select id={fid('role')} name="role" value={values.role} aria-invalid={errors.role ? 'true' : undefined} aria-describedby={describedBy} onChange={(e) => set('role', e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset class="choices" aria-invalid={errors.departments ? 'true' : undefined} aria-describedby={errors.departments ? `${fid('departments')}-error` : undefined}>
        <legend>{t('team.field.departments')}</legend>
        {DEPARTMENTS.map((d, i) => (
          <label key={d} class="choice">
            <input
              type="checkbox"
              name="departments"
              value={d}
              checked={values.departments.includes(d)}
              // The fieldset cannot take focus: the first box does when the group is in error.
              aria-invalid={errors.departments && i === 0 ? 'true' : undefined}
              onChange={(e) => toggleDepartment(d, e.currentTarget.checked)}
            />
            {departmentLabel(d)}
          </label>
        ))}
        {errors.departments && (
          <p id={`${fid('departments')}-error`} class="field__error">
            {err('departments')}
          </p>
        )}
      </fieldset>
      <Field id={fid('maxChats')} label={t('team.field.maxChats')} hint={t('team.field.maxChatsRule')} error={err('maxChats')}>
        {(describedBy) => (
          <input id={fid('maxChats')} name="maxChats" type="number" inputMode="numeric" min={1} max={100} step={1} value={values.maxChats} aria-invalid={errors.maxChats ? 'true' : undefined} aria-describedby={describedBy} onInput={(e) => set('maxChats', e.currentTarget.value)} />
        )}
      </Field>
      <div class="agent-form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {creating ? t('team.create') : t('team.save')}
        </button>
        {!creating && onCancel && (
          <button type="button" class="button" onClick={onCancel}>
            {t('team.cancelEdit')}
          </button>
        )}
      </div>
    </form>
  );
}
