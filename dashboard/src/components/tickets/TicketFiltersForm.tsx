import { DEPARTMENTS, PRIORITIES, TICKET_STATUSES } from '@besoin/shared';
import { useState } from 'preact/hooks';
import type { TicketFilters } from '../../api/tickets';
import { t } from '../../i18n';
import { departmentLabel, priorityLabel, ticketStatusLabel } from '../labels';

/** Props of {@link TicketFiltersForm}. */
export interface TicketFiltersFormProps {
  filters: TicketFilters;
  onChange(filters: TicketFilters): void;
}

function FilterSelect<V extends string>(props: { label: string; value: V | undefined; options: readonly V[]; text(v: V): string; onChange(v: V | undefined): void }) {
  return (
    <label class="field field--inline">
      <span>{props.label}</span>
      <select value={props.value ?? ''} onChange={(e) => props.onChange((e.currentTarget.value || undefined) as V | undefined)}>
        <option value="">{t('tickets.all')}</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.text(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Statut, Priorité, Service (applied at once) and Recherche (applied on Enter or "Rechercher"). */
export function TicketFiltersForm({ filters, onChange }: TicketFiltersFormProps) {
  const [q, setQ] = useState(filters.q ?? '');
  const change = (patch: Partial<TicketFilters>) => onChange({ ...filters, q: q.trim() || undefined, ...patch });
  return (
    <form
      class="ticket-filters"
      role="search"
      aria-label={t('tickets.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        change({});
      }}
    >
      <FilterSelect label={t('tickets.status')} value={filters.status} options={TICKET_STATUSES} text={ticketStatusLabel} onChange={(status) => change({ status })} />
      <FilterSelect label={t('tickets.priority')} value={filters.priority} options={PRIORITIES} text={priorityLabel} onChange={(priority) => change({ priority })} />
      <FilterSelect label={t('tickets.department')} value={filters.department} options={DEPARTMENTS} text={departmentLabel} onChange={(department) => change({ department })} />
      <label class="field field--inline">
        <span>{t('tickets.search')}</span>
        <input type="search" value={q} maxLength={200} onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button">
        {t('tickets.searchSubmit')}
      </button>
    </form>
  );
}
