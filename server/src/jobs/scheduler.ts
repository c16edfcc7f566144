import type { Logger } from '../domain/deps';

/** Runs `work` every `intervalMs`, never two runs at once; `stop()` waits for a run in progress. */
export function every(intervalMs: number, work: () => Promise<void>, logger: Logger, name: string) {
  let running: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = work()
      .catch((error: unknown) => logger.error({ err: error, job: name }, 'job failed'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
