import { useCallback, useState } from 'preact/hooks';

/** Ids with a command under way, and `run(id, promise)` that marks one until its promise settles. */
export function usePending(): [ReadonlySet<string>, (id: string, work: Promise<unknown>) => void] {
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const run = useCallback((id: string, work: Promise<unknown>) => {
    setPending((s) => new Set(s).add(id));
    void work.finally(() =>
      setPending((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      }),
    );
  }, []);
  return [pending, run];
}
