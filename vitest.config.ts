import { defineConfig } from 'vitest/config';

// One run, five projects. Unit tests sit beside the code; cross-package suites live in tests/.
export default defineConfig({
  test: {
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
        test: { name: 'widget', include: ['widget/src/**/*.test.{ts,tsx}'], environment: 'jsdom' },
      },
      {
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
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
