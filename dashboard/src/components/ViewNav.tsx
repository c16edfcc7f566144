import { t } from '../i18n';
import type { DeskView } from '../state/deskState';

/** Props of {@link ViewNav}. */
export interface ViewNavProps {
  view: DeskView;
  /** The views this agent may open, in order (see {@link viewsFor}). */
  views?: readonly DeskView[];
  onNavigate(view: DeskView): void;
}

const LABELS = {
  chats: 'nav.chats',
  tickets: 'nav.tickets',
  supervision: 'nav.supervision',
  team: 'nav.team',
} as const satisfies Record<DeskView, string>;

/** The views of a role: everyone has "Discussions" and "Tickets"; supervisors "Supervision"; admins also "Équipe". */
export function viewsFor(role: 'agent' | 'supervisor' | 'admin' | undefined): DeskView[] {
  if (role === 'admin') return ['chats', 'tickets', 'supervision', 'team'];
  if (role === 'supervisor') return ['chats', 'tickets', 'supervision'];
  return ['chats', 'tickets'];
}

/** The top-level navigation between the desk's views. */
export function ViewNav({ view, views = viewsFor(undefined), onNavigate }: ViewNavProps) {
  return (
    <nav class="view-nav" aria-label={t('nav.label')}>
      <ul>
        {views.map((v) => (
          <li key={v}>
            <button
              type="button"
              class={v === view ? 'view-nav__item view-nav__item--current' : 'view-nav__item'}
              aria-current={v === view ? 'page' : undefined}
              onClick={() => onNavigate(v)}
            >
              {t(LABELS[v])}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
