import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Database, type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import { DALIAN_DISTRICTS } from '../../subgraphs/kernel/divisions.ts';
import { checkIdNumber, hashIdNumber, personIdFor } from '../../subgraphs/kernel/id-number.ts';
import { checkOrganizationCode, checkUscc, legalPersonKind } from '../../subgraphs/kernel/uscc.ts';
import { seed, SHOWCASE, type SeedSummary, showcasePersonId } from '../../drizzle/seed/generate.ts';
import { FIXED_PUBLIC_BODIES } from '../../drizzle/seed/names.ts';
import { idNumberOf } from '../../drizzle/seed/subjects.ts';

const SIZE = 300;
const KEY = 'seed-test-key';

/** Seeded tables with the order that makes their content comparable between runs. */
const TABLES: Record<string, string> = {
  'platform.legal_person': 'uscc',
  'identity.legal_person_code': 'code_type, code, uscc',
  'platform.natural_person': 'id',
  'government.administrative_penalty': 'id',
  'government.administrative_licence': 'id',
  'business.tax_credit_rating': 'id',
  'social.wage_arrears_record': 'id',
  'judicial.dishonest_judgment_debtor': 'id',
  'platform.objection': 'id',
  'platform.repair_application': 'id',
  'government.record_status_history': 'id',
  'business.credit_commitment': 'id',
};

async function freshSeed(seedValue: number, chunkSize?: number): Promise<{ database: Database; db: Drizzle; summary: SeedSummary }> {
  const database = await Database.open({});
  await database.migrate();
  const db = database.drizzle('seed');
  const summary = await seed(db, { legalPersons: SIZE, seed: seedValue, idHashKey: KEY, chunkSize });
  return { database, db, summary };
}

/** A digest of every seeded row, timestamps aside (they record when the row was written). */
async function digest(db: Drizzle): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of Object.entries(TABLES)) {
    const [r] = await rows<{ h: string }>(
      db,
      sql.raw(
        `select md5(coalesce(string_agg((to_jsonb(t) - 'received_at' - 'created_at' - 'updated_at')::text, '|' order by ${order}), '')) as h from ${table} t`,
      ),
    );
    out[table] = r!.h;
  }
  return out;
}

async function count(db: Drizzle, query: string): Promise<number> {
  const [r] = await rows<{ n: number | string }>(db, sql.raw(query));
  return Number(r!.n);
}

describe('demo seed', () => {
  let database: Database;
  let db: Drizzle;
  let summary: SeedSummary;

  beforeAll(async () => {
    ({ database, db, summary } = await freshSeed(7));
  }, 120_000);

  afterAll(async () => {
    await database?.close();
  });

  it('makes exactly the requested number of legal persons, and records in every domain', async () => {
    expect(summary.legalPersons).toBe(SIZE);
    for (const table of Object.keys(TABLES)) {
      expect(await count(db, `select count(*) as n from ${table}`), table).toBeGreaterThan(0);
    }
    expect(await count(db, `select count(*) as n from platform.legal_person`)).toBe(SIZE);
    expect(summary.naturalPersons).toBe(SIZE / 10 + 1);
  });

  it('gives every legal person a valid USCC whose parts match its columns', async () => {
    const lps = await rows<{ uscc: string; kind: string; division_code: string }>(
      db,
      sql`select uscc, kind, division_code from platform.legal_person`,
    );
    const cityLevel = new Set([...FIXED_PUBLIC_BODIES.map((a) => a.uscc), SHOWCASE.socialOrganization.uscc]);
    for (const lp of lps) {
      expect(checkUscc(lp.uscc), lp.uscc).toMatchObject({ valid: true });
      expect(lp.kind).toBe(legalPersonKind(lp.uscc));
      expect(lp.division_code).toBe(lp.uscc.slice(2, 8));
      // Generated subjects sit in a district; only city-level bodies carry the city's code.
      if (!(lp.division_code in DALIAN_DISTRICTS)) {
        expect(lp.division_code).toBe('210200');
        expect(cityLevel.has(lp.uscc), lp.uscc).toBe(true);
      }
    }
    const issuers = await rows<{ uscc: string }>(
      db,
      sql`select authority_uscc as uscc from government.administrative_penalty
          union select source_uscc from government.administrative_licence
          union select authority_uscc from business.tax_credit_rating
          union select authority_uscc from social.wage_arrears_record`,
    );
    for (const { uscc } of issuers) expect(checkUscc(uscc), uscc).toMatchObject({ valid: true });
    // Every issuing authority is itself a registered subject.
    expect(
      await count(
        db,
        `select count(*) as n from (select authority_uscc from government.administrative_penalty
           union select authority_uscc from government.administrative_licence) a
         where authority_uscc not in (select uscc from platform.legal_person)`,
      ),
    ).toBe(0);
  });

  it('maps old codes: 15-digit registration numbers and valid organisation codes', async () => {
    const codes = await rows<{ code: string; code_type: string; uscc: string }>(
      db,
      sql`select code, code_type, uscc from identity.legal_person_code where source = 'OLD_CODE'`,
    );
    expect(codes.length).toBe(summary.legacyCodes);
    for (const c of codes) {
      if (c.code_type === 'REGISTRATION_NUMBER') expect(c.code).toMatch(/^2102\d{11}$/);
      else {
        expect(c.code_type).toBe('ORGANIZATION_CODE');
        expect(checkOrganizationCode(c.code)).toMatchObject({ valid: true });
        expect(c.code).not.toBe(c.uscc.slice(8, 17));
      }
    }
  });

  it('registers the organisation code inside every USCC in the identifier store', async () => {
    const missing = await count(
      db,
      `select count(*) as n from platform.legal_person lp where not exists (select 1 from identity.legal_person_code c
         where c.code_type = 'ORGANIZATION_CODE' and c.source = 'USCC' and c.uscc = lp.uscc and c.code = substring(lp.uscc, 9, 9))`,
    );
    expect(missing).toBe(0);
    expect(await count(db, `select count(*) as n from identity.legal_person_code where source = 'USCC'`)).toBe(summary.legalPersons);
  });

  it('keeps names and natural keys unique', async () => {
    const duplicates: Record<string, string> = {
      'legal person names': 'select name from platform.legal_person group by name having count(*) > 1',
      'old codes': "select code from identity.legal_person_code where source = 'OLD_CODE' group by code, code_type having count(*) > 1",
      'penalty documents': 'select 1 from government.administrative_penalty group by authority_uscc, document_number having count(*) > 1',
      'licence documents': 'select 1 from government.administrative_licence group by authority_uscc, document_number having count(*) > 1',
      'tax years': 'select 1 from business.tax_credit_rating group by subject_uscc, year having count(*) > 1',
      'wage decisions': 'select 1 from social.wage_arrears_record group by authority_uscc, document_number having count(*) > 1',
      'court cases': 'select 1 from judicial.dishonest_judgment_debtor group by court_name, case_number having count(*) > 1',
      'ID hashes': 'select 1 from platform.natural_person group by id_number_hash having count(*) > 1',
    };
    for (const [what, query] of Object.entries(duplicates)) {
      expect(await count(db, `select count(*) as n from (${query}) d`), what).toBe(0);
    }
  });

  it('gives the showcase enterprise records in all four domains and a USCC ending in 0', async () => {
    const e = SHOWCASE.enterprise;
    expect(e.uscc.endsWith('0')).toBe(true);
    expect(checkUscc(e.uscc)).toMatchObject({ valid: true });
    const n = (table: string) => count(db, `select count(*) as n from ${table} where subject_uscc = '${e.uscc}'`);
    expect(await n('government.administrative_penalty')).toBe(e.records.penalties);
    expect(await n('government.administrative_licence')).toBe(e.records.licences);
    expect(await n('business.tax_credit_rating')).toBe(e.records.taxRatings);
    expect(await n('social.wage_arrears_record')).toBe(e.records.wageArrears);
    expect(await n('judicial.dishonest_judgment_debtor')).toBe(e.records.dishonestDebtors);
    expect(e.records.penalties).toBeGreaterThanOrEqual(2);
    expect(e.records.licences).toBeGreaterThanOrEqual(2);
    expect(e.records.taxRatings).toBeGreaterThanOrEqual(2);

    const [lp] = await rows<{ name: string }>(db, sql`select name from platform.legal_person where uscc = ${e.uscc}`);
    expect(lp?.name).toBe(e.name);
    for (const s of [SHOWCASE.socialOrganization, SHOWCASE.publicBody]) {
      const [r] = await rows<{ name: string }>(db, sql`select name from platform.legal_person where uscc = ${s.uscc}`);
      expect(r?.name).toBe(s.name);
    }
    const [mapped] = await rows<{ uscc: string }>(
      db,
      sql`select uscc from identity.legal_person_code where code = ${e.registrationNumber} and code_type = 'REGISTRATION_NUMBER'`,
    );
    expect(mapped?.uscc).toBe(e.uscc);
  });

  it('gives the showcase person a dishonest-debtor record, findable by the hash of the ID number', async () => {
    const p = SHOWCASE.naturalPerson;
    expect(checkIdNumber(p.idNumber)).toMatchObject({ valid: true });
    const [person] = await rows<{ id: string; name: string }>(
      db,
      sql`select id, name from platform.natural_person where id_number_hash = ${hashIdNumber(p.idNumber, KEY)}`,
    );
    // The id is the keyed pseudonym of the number, as a submission about the person computes it.
    expect(person).toEqual({ id: showcasePersonId(KEY), name: p.name });
    expect(person!.id).toBe(personIdFor(p.idNumber, KEY));
    expect(person!.id).toMatch(/^np_[0-9a-f]{16}$/);
    const debts = await rows<{ subject_uscc: string | null; subject_name: string }>(
      db,
      sql`select subject_uscc, subject_name from judicial.dishonest_judgment_debtor where subject_person_id = ${person!.id}`,
    );
    expect(debts).toHaveLength(p.records.dishonestDebtors);
    expect(debts[0]).toEqual({ subject_uscc: null, subject_name: p.name });
  });

  it('stores no ID number: only hashes and masked forms', async () => {
    const persons = await rows<{ id_number_masked: string; id_number_hash: string }>(
      db,
      sql`select id_number_masked, id_number_hash from platform.natural_person`,
    );
    for (const p of persons) {
      expect(p.id_number_masked).toMatch(/^2102\*{10}\d{3}[\dX]$/);
      expect(p.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const idNumbers = [SHOWCASE.naturalPerson.idNumber, ...Array.from({ length: SIZE / 10 }, (_, j) => idNumberOf(7, j))];
    for (const id of idNumbers) expect(checkIdNumber(id)).toMatchObject({ valid: true });
    // Every person's id is the keyed pseudonym of its number (what a submission computes).
    const ids = new Set((await rows<{ id: string }>(db, sql`select id from platform.natural_person`)).map((r) => r.id));
    expect(ids.size).toBe(idNumbers.length);
    for (const id of idNumbers) expect(ids.has(personIdFor(id, KEY))).toBe(true);
    let everything = '';
    for (const table of Object.keys(TABLES)) {
      const all = await rows<{ t: string }>(db, sql.raw(`select coalesce(string_agg(row_to_json(t)::text, '|'), '') as t from ${table} t`));
      everything += all[0]!.t;
    }
    for (const id of idNumbers) expect(everything.includes(id), 'an ID number is stored').toBe(false);
  });

  it('gives natural-person records a person id and no USCC', async () => {
    expect(
      await count(
        db,
        `select count(*) as n from government.administrative_penalty
         where subject_category = 'NATURAL_PERSON' and (subject_uscc is not null or subject_person_id is null)`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `select count(*) as n from judicial.dishonest_judgment_debtor
         where (subject_uscc is null) = (subject_person_id is null)`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `select count(*) as n from government.administrative_penalty p
         where subject_person_id is not null and subject_person_id not in (select id from platform.natural_person)`,
      ),
    ).toBe(0);
  });

  it('gives the same rows for the same seed, whatever the chunk size, and other rows for another seed', async () => {
    const first = await digest(db);
    const again = await freshSeed(7, 37);
    const other = await freshSeed(8);
    try {
      expect(await digest(again.db)).toEqual(first);
      const changed = await digest(other.db);
      expect(changed['platform.legal_person']).not.toBe(first['platform.legal_person']);
      expect(changed['platform.natural_person']).not.toBe(first['platform.natural_person']);
      // The showcase does not depend on the seed.
      const [row] = await rows<{ n: number }>(
        other.db,
        sql`select count(*)::int as n from government.administrative_penalty where subject_uscc = ${SHOWCASE.enterprise.uscc}`,
      );
      expect(row!.n).toBe(SHOWCASE.enterprise.records.penalties);
    } finally {
      await again.database.close();
      await other.database.close();
    }
  }, 120_000);
});
