import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Drizzle, MIGRATIONS_FOLDER, rows } from '../../subgraphs/kernel/db.ts';
import { codeKey, recordLegalPersonCodes, usccsOfCodes } from '../../subgraphs/kernel/legal-person-codes.ts';
import { openTestDatabase } from '../support/database.ts';

let database: Database;
let close: () => Promise<void>;
let db: Drizzle;

beforeAll(async () => {
  ({ database, close } = await openTestDatabase());
  db = database.drizzle('test');
});
afterAll(async () => close?.());

const A = '912102020120120680';
const B = '12210202000000019H';

describe('the identifier store (identity.legal_person_code)', () => {
  it('answers many codes in one statement: unknown, one USCC, or several', async () => {
    await recordLegalPersonCodes(db, [
      { code: 'T00000001', codeType: 'ORGANIZATION_CODE', uscc: A, source: 'OLD_CODE' },
      { code: 'T00000002', codeType: 'ORGANIZATION_CODE', uscc: A, source: 'OLD_CODE' },
      { code: 'T00000002', codeType: 'ORGANIZATION_CODE', uscc: B, source: 'OLD_CODE' },
      { code: '210202999999990', codeType: 'REGISTRATION_NUMBER', uscc: B, source: 'OLD_CODE' },
    ]);
    // Registering again changes nothing.
    await recordLegalPersonCodes(db, [{ code: 'T00000001', codeType: 'ORGANIZATION_CODE', uscc: A, source: 'OLD_CODE' }]);
    const refs = [
      { code: 'T00000001', codeType: 'ORGANIZATION_CODE' as const },
      { code: 'T00000002', codeType: 'ORGANIZATION_CODE' as const },
      { code: '210202999999990', codeType: 'REGISTRATION_NUMBER' as const },
      { code: 'T00000001', codeType: 'REGISTRATION_NUMBER' as const },
      { code: 'T00000009', codeType: 'ORGANIZATION_CODE' as const },
    ];
    database.counter('test').reset();
    const found = await usccsOfCodes(db, refs);
    expect(database.counter('test').count).toBe(1);
    expect(refs.map((r) => found.get(codeKey(r)))).toEqual([[A], [A, B].sort(), [B], [], []]);
  });

  it('holds the organisation code inside every seeded USCC', async () => {
    const [r] = await rows<{ n: string | number }>(
      db,
      sql`select count(*) as n from platform.legal_person lp where not exists (select 1 from identity.legal_person_code c
            where c.code_type = 'ORGANIZATION_CODE' and c.uscc = lp.uscc and c.code = substring(lp.uscc, 9, 9))`,
    );
    expect(Number(r!.n)).toBe(0);
  });

  it('the data migration copies platform.legacy_code and every USCC’s organisation code', async () => {
    // The table as it stood before the move, with rows in the old spellings.
    await db.execute(sql`create table platform.legacy_code (code text not null, code_type text not null, uscc char(18) not null)`);
    await db.execute(sql`insert into platform.legacy_code values ('m0000001-5', 'ORGANIZATION_CODE', ${A}), ('210202888888880', 'REGISTRATION_NUMBER', ${B})`);
    await db.execute(sql`delete from identity.legal_person_code`);
    const migration = readFileSync(`${MIGRATIONS_FOLDER}/0009_migrate_legacy_codes.sql`, 'utf8');
    for (const statement of migration.split('--> statement-breakpoint')) await db.execute(sql.raw(statement));
    const old = await rows<{ code: string; code_type: string; uscc: string }>(
      db,
      sql`select code, code_type, uscc from identity.legal_person_code where source = 'OLD_CODE' order by code`,
    );
    expect(old).toEqual([
      { code: '210202888888880', code_type: 'REGISTRATION_NUMBER', uscc: B },
      { code: 'M00000015', code_type: 'ORGANIZATION_CODE', uscc: A },
    ]);
    const [counts] = await rows<{ embedded: string | number; persons: string | number }>(
      db,
      sql`select (select count(*) from identity.legal_person_code where source = 'USCC') as embedded, (select count(*) from platform.legal_person) as persons`,
    );
    expect(Number(counts!.embedded)).toBe(Number(counts!.persons));
    await db.execute(sql`drop table platform.legacy_code`);
  });
});
