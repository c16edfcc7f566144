import { t } from '../i18n';
import { outageTickets, type VisitorTicket } from './visitorData';

/** Props of {@link HelpActions}. */
export interface HelpActionsProps {
  tickets: readonly VisitorTicket[];
  onSupervisor: () => void;
  onEmergency: () => void;
}

/** "Contacter un superviseur" (rule 9), and "Signaler une urgence" only with an open outage ticket (rule 7). */
export function HelpActions({ tickets, onSupervisor, onEmergency }: HelpActionsProps) {
  return (
    <div class="bd-actions">
      <button type="button" class="bd-secondary" onClick={onSupervisor}>
        {t('contactSupervisor')}
      </button>
      {outageTickets(tickets).length > 0 ? (
        <button type="button" class="bd-secondary bd-danger" onClick={onEmergency}>
          {t('raiseEmergency')}
        </button>
      ) : null}
    </div>
  );
}
