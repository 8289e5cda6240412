import { sql } from 'drizzle-orm';
import { SHOWCASE, seed } from '../drizzle/seed/generate.ts';
import { seedStatistics } from '../drizzle/seed/statistics.ts';
import type { Config } from '../subgraphs/kernel/config.ts';
import { type Database, rows } from '../subgraphs/kernel/db.ts';

/** Migrates, and seeds the demo data when the registry is empty and SEED_SIZE is not 0. */
export async function prepareDatabase(database: Database, config: Config): Promise<void> {
  await database.migrate();
  if (config.seedSize === 0) return;
  const db = database.drizzle('seed');
  const [{ n }] = (await rows<{ n: number | string }>(db, sql`select count(*) as n from platform.legal_person`)) as [{ n: number | string }];
  if (Number(n) > 0) return;
  const started = Date.now();
  process.stdout.write(`seeding ${config.seedSize} demo legal persons… `);
  await seed(db, { legalPersons: config.seedSize, idHashKey: config.idHashKey });
  await seedStatistics(db);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export const EXAMPLE_USCC: string = SHOWCASE.enterprise.uscc;
