import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { cspNonce } from './cspNonce';
import { loadExtra, type ExtraModule } from './extraChunk';
/** Focuses the first field of `container`, else its first button (a view just appeared). */
export function focusFirst(container: Element | null | undefined): void {
  (container?.querySelector<HTMLElement>('input, textarea') ?? container?.querySelector<HTMLElement>('button'))?.focus();
}

/** Renders `render(module)` once the extra chunk is there: "Chargement…" meanwhile, an alert and "Retour" if it fails. */
export function Lazy({ render, onBack }: { render: (extra: ExtraModule) => VNode; onBack: () => void }) {
  const [extra, setExtra] = useState<ExtraModule | null | false>(null);
  const style = useRef<HTMLStyleElement>(null);
  // The screen replaces the button that asked for it: once it is there, move the focus into it.
  useEffect(() => focusFirst(style.current?.parentElement), [extra]);
  useEffect(() => {
    let current = true;
    loadExtra().then(
      (module) => current && setExtra(module),
      () => current && setExtra(false),
    );
    return () => void (current = false);
  }, []);
  if (extra) {
    return (
      <>
        <style ref={style} nonce={cspNonce()}>
          {extra.css}
        </style>
        {render(extra)}
      </>
    );
  }
  return (
    <div class="bd-form">
      {extra === false ? (
        <>
          <p class="bd-field-error" role="alert">
            {t('loadFailed')}
          </p>
          <button type="button" class="bd-secondary bd-switch" onClick={onBack}>
            {t('back')}
          </button>
        </>
      ) : (
        <p class="bd-note">{t('loading')}</p>
      )}
    </div>
  );
}
