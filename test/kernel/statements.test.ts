import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalPerson } from '../../drizzle/schema/platform.ts';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { anyOf, Database, rows } from '../../subgraphs/kernel/db.ts';
import { legalPersonsByUscc } from '../../subgraphs/platform/store.ts';
import { openTestDatabase } from '../support/database.ts';

let test: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  test = await openTestDatabase();
});
afterAll(async () => {
  await test.close();
});

describe('anyOf: a list as one array parameter', () => {
  it('finds the same rows as an IN list, in one stable statement text', async () => {
    const db = test.database.drizzle('statements-test');
    const some = await rows<{ uscc: string }>(db, sql`select uscc from platform.legal_person order by uscc limit 3`);
    const codes = some.map((r) => r.uscc);
    const counter = test.database.counter('statements-test');
    counter.keepTexts();
    counter.reset();
    const one = await legalPersonsByUscc(db, [codes[0]!]);
    const three = await legalPersonsByUscc(db, [...codes, '91350100M000100Y43']);
    expect(one.map((r) => r.uscc)).toEqual([codes[0]]);
    expect(three.map((r) => r.uscc).sort()).toEqual([...codes].sort());
    expect(counter.texts).toHaveLength(2);
    expect(counter.texts![0]).toBe(counter.texts![1]);
    expect(counter.texts![0]).toContain('= any($1::bpchar[])');
  });

  it('never truncates a longer value onto a char(18) key, and takes no values', async () => {
    const db = test.database.drizzle('statements-test');
    const longer = await db.select().from(legalPerson).where(anyOf(legalPerson.uscc, [`${SHOWCASE.enterprise.uscc}X`]));
    expect(longer).toEqual([]);
    expect(await db.select().from(legalPerson).where(anyOf(legalPerson.uscc, []))).toEqual([]);
    const exact = await db.select().from(legalPerson).where(anyOf(legalPerson.uscc, [SHOWCASE.enterprise.uscc]));
    expect(exact.map((r) => r.name)).toEqual([SHOWCASE.enterprise.name]);
  });

  it('keeps the primary-key index usable (PostgreSQL plan)', async () => {
    // The test table is small enough for a sequential scan to be cheapest: forbid it, so the plan
    // shows whether the index can serve the comparison at all (with a text[] array it cannot).
    const text = await test.database.drizzle('statements-test').transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const plan = await rows<Record<string, string>>(
        tx as never,
        sql`explain select * from platform.legal_person where ${anyOf(legalPerson.uscc, [SHOWCASE.enterprise.uscc, '91350100M000100Y43'])}`,
      );
      return plan.map((r) => Object.values(r)[0]).join('\n');
    });
    // With text[] the planner still walks the whole index, but as a filter: no Index Cond on uscc.
    expect(text).toContain('legal_person_pkey');
    expect(text).toMatch(/Index Cond: \(uscc = ANY/);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('prepared statements on PostgreSQL', () => {
  async function preparedTexts(prepare: boolean | undefined): Promise<string[]> {
    // One connection, so the statements below and the look-up share its statement cache.
    const database = await Database.open({ url: test.url!, poolSize: 1, prepare });
    try {
      const db = database.drizzle('t');
      await legalPersonsByUscc(db, [SHOWCASE.enterprise.uscc]);
      await legalPersonsByUscc(db, [SHOWCASE.enterprise.uscc, '91350100M000100Y43']);
      await db.transaction(async (tx) => {
        await tx.select().from(legalPerson).where(sql`${legalPerson.name} = ${'in a transaction'}`);
      });
      // postgres.js prepares its own start-up look-up of array types; only ours count here.
      const found = await rows<{ statement: string }>(db, sql`select statement from pg_prepared_statements where statement like ${'%legal_person%'}`);
      return found.map((r) => r.statement);
    } finally {
      await database.close();
    }
  }

  it('prepares each parameterised statement once per connection, in transactions too', async () => {
    const texts = await preparedTexts(undefined);
    const lookups = texts.filter((t) => t.includes('= any($1::bpchar[])'));
    expect(lookups).toHaveLength(1);
    expect(texts.some((t) => t.includes('"name" = $1'))).toBe(true);
  });

  it('prepares nothing when turned off (DATABASE_PREPARE=false)', async () => {
    expect(await preparedTexts(false)).toEqual([]);
  });
});
