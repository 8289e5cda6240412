import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql module for ESM and the CommonJS @apollo packages (STACK.md trap 5).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
