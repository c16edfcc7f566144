import { defineConfig } from 'vitest/config';

// One run, five projects. Unit tests sit beside the code; cross-package suites live in tests/.
// Preact 10 is a root dev dependency so that @testing-library/preact and the components share
// one copy (two copies of preact cannot render each other's vnodes).
const preactJsx = { oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } } } as const;

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
        ...preactJsx,
        resolve: { dedupe: ['preact'] },
        test: { name: 'widget', include: ['widget/src/**/*.test.{ts,tsx}'], environment: 'jsdom' },
      },
      {
        ...preactJsx,
        resolve: { dedupe: ['preact'] },
        test: { name: 'dashboard', include: ['dashboard/src/**/*.test.{ts,tsx}'], environment: 'jsdom' },
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
