import { defineConfig } from 'vitest/config';

// No React Router Vite plugin here: tests run the built app through the real
// server (test/support/server.ts), and capabilities directly.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
