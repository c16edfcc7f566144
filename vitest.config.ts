import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One run, five projects. Unit tests sit beside the code; cross-package suites live in tests/.
export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      { test: { name: 'shared', include: ['shared/src/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        // @testing-library/preact resolves its own preact (11): resolve every `preact` import as the
        // widget does, so that components and the testing library share one copy (10).
        plugins: [
          {
            name: 'widget-single-preact',
            enforce: 'pre',
            resolveId(id, _importer, options) {
              if (!/^preact(\/|$)/.test(id)) return null;
              const fromWidget = new URL('./widget/src/loader.ts', import.meta.url).pathname;
              return this.resolve(id, fromWidget, { ...options, skipSelf: true });
            },
          },
        ],
        test: {
          name: 'widget',
          include: ['widget/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          server: { deps: { inline: ['@testing-library/preact'] } },
        },
      },
      {
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        // @testing-library/preact resolves its own preact (11) otherwise; two copies of preact
        // cannot render each other's vnodes, so every `preact` import uses the dashboard's.
        root: fileURLToPath(new URL('./dashboard', import.meta.url)),
        resolve: { dedupe: ['preact'] },
        test: {
          name: 'dashboard',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          server: { deps: { inline: ['@testing-library/preact'] } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
