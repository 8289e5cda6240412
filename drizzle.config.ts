import { defineConfig } from 'drizzle-kit';

/** One migrations folder serves PGlite and PostgreSQL alike (STACK.md trap 7). */
export default defineConfig({
  dialect: 'postgresql',
  // Every table is exported from the index, so a new schema file cannot be forgotten here.
  schema: './drizzle/schema/index.ts',
  out: './drizzle/migrations',
  schemaFilter: ['platform', 'government', 'business', 'social', 'judicial', 'access', 'events', 'identity'],
});
