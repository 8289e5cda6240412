import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { Database } from '../../subgraphs/kernel/db.ts';
import { withDatabase } from './global-setup.ts';

/**
 * A private copy of the seeded test database for one test file: PGlite from the run's image, or
 * a PostgreSQL database made from the run's template (and dropped on close).
 */
export async function openTestDatabase(): Promise<{ database: Database; close: () => Promise<void>; url?: string }> {
  const spec = inject('testDatabase');
  if (spec.kind === 'pglite') {
    const database = await Database.open({ image: new Blob([readFileSync(spec.image)]) });
    return { database, close: () => database.close() };
  }
  const name = `${spec.prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(spec.serverUrl, { max: 1, onnotice: () => {} });
  // Two workers copying the template at the same moment can collide (55006): retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database "${name}" template "${spec.template}"`);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = withDatabase(spec.serverUrl, name);
  const database = await Database.open({ url, poolSize: 4 });
  return {
    database,
    url,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
