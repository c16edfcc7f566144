import { t } from '../i18n';
import { safeUrl } from './visitorData';

/** Rule 8 on billing screens: most billing questions are answered in the customer area. */
export function BillingHelp({ url, boxed }: { url?: string | undefined; boxed?: boolean }) {
  const href = safeUrl(url);
  return href ? (
    <p class={boxed ? 'bd-note bd-offer' : 'bd-note'}>
      {t('billingSelfService')} :{' '}
      <a href={href} target="_blank" rel="noopener">
        {t('customerArea')}
      </a>
    </p>
  ) : null;
}
