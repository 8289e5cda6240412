import { defineConfig } from 'vitest/config';
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: { include: ['test/kernel/query-log.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' },
});
