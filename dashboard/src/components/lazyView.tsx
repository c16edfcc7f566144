import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

/**
 * A component whose code is fetched on first render (`import()`: a separate chunk), with a
 * "Chargement…" placeholder meanwhile. The loaded component is kept for later renders.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): FunctionComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function LazyView(props: P) {
    const [, setReady] = useState(false);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      pending ??= load().then((component) => (loaded = component));
      pending.then(
        () => live && setReady(true),
        () => {
          // A failed chunk (offline, new deployment) may be retried by showing the view again.
          pending = null;
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, []);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    return (
      <p class="desk__placeholder" role="status">
        {failed ? t('error.network') : t('supervision.loading')}
      </p>
    );
  };
}
