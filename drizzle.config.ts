import { defineConfig } from 'drizzle-kit';

/** One migrations folder serves PGlite and PostgreSQL alike (STACK.md trap 7). */
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./drizzle/schema/platform.ts', './drizzle/schema/government.ts', './drizzle/schema/business.ts', './drizzle/schema/social.ts', './drizzle/schema/judicial.ts', './drizzle/schema/access.ts', './drizzle/schema/events.ts', './drizzle/schema/platform-lifecycle.ts', './drizzle/schema/platform-watchlists.ts', './drizzle/schema/identity.ts', './drizzle/schema/platform-statistics.ts'],
  out: './drizzle/migrations',
  schemaFilter: ['platform', 'government', 'business', 'social', 'judicial', 'access', 'events', 'identity'],
});
