import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

// Test helpers for the cross-process tests: fixtures (append.fixture.ts, ticket.fixture.ts)
// run under tsx, write `<file>.ready-<label>` and wait for `<file>.go` before starting.

const run = promisify(execFile);

/** Polls `condition` until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Starts one fixture process per label (args: file, then `argsOf(label)`), releases them
 * together once all are ready, and resolves with their stdouts in label order.
 */
export function startFixtures(
  fixture: string, file: string, labels: string[], argsOf: (label: string) => string[],
): { started: Promise<void>; outputs: Promise<string[]> } {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const outputs = Promise.all(labels.map((label) =>
    run(process.execPath, [tsx, fixture, file, ...argsOf(label)]).then(({ stdout }) => stdout)));
  // Observed now so that an early child failure is not an unhandled rejection; awaited by the caller.
  outputs.catch(() => undefined);
  const started = (async () => {
    try {
      await waitFor(() => labels.every((label) => existsSync(`${file}.ready-${label}`)));
    } finally {
      writeFileSync(`${file}.go`, ''); // also on failure, so that no child waits forever
    }
  })();
  return { started, outputs };
}
