import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { startServer, type E2eServer } from './server';

/** The agent every browser test logs in as. */
export const E2E_AGENT = { login: 'karim', name: 'Karim', password: 'mot-de-passe-e2e' } as const;

/**
 * Registers a real server (with the agent {@link E2E_AGENT}) and a headless Chromium for the
 * file's tests, closed after them; read them through the returned getters.
 */
export function useServerAndBrowser() {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer();
    await server.createAgent({ ...E2E_AGENT });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    server: () => server!,
    browser: () => browser!,
  };
}
