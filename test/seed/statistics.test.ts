import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Database, type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import { seed } from '../../drizzle/seed/generate.ts';
import { seedStatistics } from '../../drizzle/seed/statistics.ts';

describe('demo statistics', () => {
  let database: Database;
  let db: Drizzle;
  beforeAll(async () => {
    database = await Database.open({});
    await database.migrate();
    db = database.drizzle('seed');
  });
  afterAll(() => database?.close());

  it('are built from the seeded records, which carry no record events', async () => {
    await seed(db, { legalPersons: 40, seed: 5, idHashKey: 'seed-statistics-key' });
    const total = async () => Number((await rows<{ n: unknown }>(db, sql`select coalesce(sum(records), 0) as n from platform.record_statistics`))[0]!.n);
    expect(await total()).toBe(0);
    const summary = await seedStatistics(db);
    expect(summary.records).toBeGreaterThan(0);
    expect(await total()).toBe(summary.records);
  });
});
