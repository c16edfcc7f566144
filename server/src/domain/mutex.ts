/** Serialises async work per key (e.g. one routing pass per department at a time). */
export function createKeyedMutex() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    /** Runs `work` after every earlier work of the same key has settled. */
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
