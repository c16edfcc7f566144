import { type Category, type ChatView, type Priority, CATEGORIES, PRIORITIES } from '@besoin/shared';
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import type { ConvertFields } from '../socket/chatActions';
import { Dialog } from './Dialog';
import { categoryLabel, priorityLabel } from './labels';

/** Props of {@link ConvertDialog}. */
export interface ConvertDialogProps {
  chat: ChatView;
  busy?: boolean;
  onConvert(fields: ConvertFields): void;
  onCancel(): void;
}

// Triage defaults of DESIGN §6, used when the chat carries no category or priority.
const DEFAULT_PRIORITY: Record<Category, Priority> = { outage: 'critical', technical: 'normal', billing: 'low', sales: 'low', complaint: 'high' };

/** The fields "Convertir en ticket" starts with: the chat's subject, category and priority. */
export function convertDefaults(chat: ChatView): ConvertFields {
  const category = chat.category ?? chat.department;
  return { subject: chat.subject, category, priority: chat.priority ?? DEFAULT_PRIORITY[category] };
}

/** "Convertir en ticket": subject, category and priority, prefilled; "Créer le ticket" submits. */
export function ConvertDialog({ chat, busy = false, onConvert, onCancel }: ConvertDialogProps) {
  const [fields, setFields] = useState<ConvertFields>(() => convertDefaults(chat));
  const set = (patch: Partial<ConvertFields>) => setFields((f) => ({ ...f, ...patch }));

  return (
    <Dialog title={t('convert.title')} onClose={onCancel}>
      <form
        class="dialog__form"
        onSubmit={(e) => {
          e.preventDefault();
          if (fields.subject.trim()) onConvert({ ...fields, subject: fields.subject.trim() });
        }}
      >
        <label class="field">
          <span>{t('convert.subject')}</span>
          <input type="text" required maxLength={200} value={fields.subject} onInput={(e) => set({ subject: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>{t('convert.category')}</span>
          <select value={fields.category} onChange={(e) => set({ category: e.currentTarget.value as Category })}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('convert.priority')}</span>
          <select value={fields.priority} onChange={(e) => set({ priority: e.currentTarget.value as Priority })}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {priorityLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <div class="dialog__actions">
          <button type="button" class="button" onClick={onCancel}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" class="button button--primary" disabled={busy || !fields.subject.trim()}>
            {t('convert.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
