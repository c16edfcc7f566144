/** Serialises async work per key (e.g. one routing pass per department at a time). */
export function createKeyedMutex() {
  const tails = new Map<string, Promise<unknown>>();
  const waiting = new Map<string, Promise<unknown>>();

  function run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  }

  return {
    run,
    /**
     * Like {@link run}, but when a run of the same key is already waiting to start, returns that
     * run instead of queueing another: a pass that has not started yet will see everything that
     * happened before it starts, so bursts of requests collapse into one pass.
     */
    coalesce(key: string, work: () => Promise<void>): Promise<void> {
      const pending = waiting.get(key);
      if (pending) return pending as Promise<void>;
      const started = run(key, async () => {
        waiting.delete(key);
        await work();
      });
      waiting.set(key, started);
      return started;
    },
  };
}
