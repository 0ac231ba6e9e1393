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
    server: {
      deps: {
        // The test server imports the app build through Vitest, which resolves
        // react-router with the development condition; the adapter must load
        // the same copy or RouterContextProvider checks fail.
        inline: ['@react-router/express', '@react-router/node'],
      },
    },
  },
});
