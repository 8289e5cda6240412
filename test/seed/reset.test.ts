import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Database, type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import { seed } from '../../drizzle/seed/generate.ts';
import { CONFIGURATION_TABLES, dataTables, emptyDataTables } from '../../drizzle/seed/reset.ts';

const KEY = 'reset-test-key';

async function rowCounts(db: Drizzle, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [r] = await rows<{ n: number | string }>(db, sql.raw(`select count(*) as n from ${t}`));
    out[t] = Number(r!.n);
  }
  return out;
}

describe('db:seed --force reset', () => {
  let database: Database;
  let db: Drizzle;
  beforeAll(async () => {
    database = await Database.open({});
    await database.migrate();
    db = database.drizzle('seed');
  });
  afterAll(() => database?.close());

  it('covers the tables of every data schema, and not drizzle’s migration journal', async () => {
    const tables = await dataTables(db);
    for (const t of ['platform.legal_person', 'government.sector_record', 'social.sector_record', 'access.query_log', 'events.event', 'identity.legal_person_code']) {
      expect(tables).toContain(t);
    }
    expect(tables.some((t) => t.startsWith('drizzle.'))).toBe(false);
  });

  it('keeps exactly the tables the migrations fill: a new migration that fills another must name it', async () => {
    const tables = await dataTables(db);
    const filled = Object.entries(await rowCounts(db, tables)).filter(([, n]) => n > 0).map(([t]) => t);
    expect(filled).toEqual([]);
    for (const t of CONFIGURATION_TABLES) {
      const [r] = await rows<{ n: number | string }>(db, sql.raw(`select count(*) as n from ${t}`));
      expect(Number(r!.n), t).toBeGreaterThan(0);
    }
  });

  it('leaves a database that seeds to the same counts as a new one, sector records included', async () => {
    const tables = await dataTables(db);
    await seed(db, { legalPersons: 40, seed: 3, idHashKey: KEY });
    const first = await rowCounts(db, tables);
    // Sector records are among what a bare list of "seeded tables" used to miss.
    expect(first['government.sector_record']! + first['business.sector_record']! + first['social.sector_record']!).toBeGreaterThan(0);

    expect(await emptyDataTables(db)).toBe(tables.length);
    const emptied = await rowCounts(db, tables);
    expect(Object.entries(emptied).filter(([, n]) => n > 0)).toEqual([]);

    const configuration = await rowCounts(db, [...CONFIGURATION_TABLES]);
    await seed(db, { legalPersons: 40, seed: 3, idHashKey: KEY });
    expect(await rowCounts(db, tables)).toEqual(first);
    expect(await rowCounts(db, [...CONFIGURATION_TABLES])).toEqual(configuration);
  });
});
