import { t } from '../i18n';
import type { DeskView } from '../state/deskState';

/** Props of {@link ViewNav}. */
export interface ViewNavProps {
  view: DeskView;
  onNavigate(view: DeskView): void;
}

const VIEWS: { view: DeskView; key: 'nav.chats' | 'nav.tickets' }[] = [
  { view: 'chats', key: 'nav.chats' },
  { view: 'tickets', key: 'nav.tickets' },
];

/** The top-level navigation between "Discussions" and "Tickets". */
export function ViewNav({ view, onNavigate }: ViewNavProps) {
  return (
    <nav class="view-nav" aria-label={t('nav.label')}>
      <ul>
        {VIEWS.map((v) => (
          <li key={v.view}>
            <button
              type="button"
              class={v.view === view ? 'view-nav__item view-nav__item--current' : 'view-nav__item'}
              aria-current={v.view === view ? 'page' : undefined}
              onClick={() => onNavigate(v.view)}
            >
              {t(v.key)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
