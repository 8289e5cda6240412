import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { administrativePenalty } from '../../drizzle/schema/government.ts';
import { socialSectorRecord } from '../../drizzle/schema/social.ts';
import { ColumnarRows, insertColumnarRows, ROWS_PER_STATEMENT } from '../../subgraphs/kernel/bulk-insert.ts';
import { type Database, type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import { openTestDatabase } from '../support/database.ts';

let database: Database;
let close: () => Promise<void>;
let db: Drizzle;

beforeAll(async () => {
  ({ database, close } = await openTestDatabase());
  db = database.drizzle('test');
});
afterAll(async () => close?.());

const AUTHORITY = '11210200MB0000019R';

function penalty(documentNumber: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subjectUscc: '91210203100000016R',
    subjectPersonId: null,
    subjectName: '大连汇恒物流有限公司',
    subjectCategory: 'LEGAL_PERSON',
    documentNumber,
    decisionDate: '2024-03-01',
    authorityName: '大连市市场监督管理局',
    authorityUscc: AUTHORITY,
    sourceName: '大连市市场监督管理局',
    sourceUscc: AUTHORITY,
    violationType: '未按规定公示年度报告',
    violationFacts: '经查',
    legalBasis: '《行政处罚法》',
    penaltyCategories: ['WARNING'],
    penaltyContent: '警告',
    ...over,
  };
}

async function stored(documentNumbers: string[]) {
  return rows<Record<string, unknown>>(
    db,
    sql`select document_number, subject_name, remarks, penalty_categories, fine_amount::text as fine_amount, decision_date::text as decision_date, status
        from government.administrative_penalty where document_number = any(${sql.param(documentNumbers)}::text[]) order by document_number`,
  );
}

describe('insertColumnarRows: rows sent column by column as array literals', () => {
  it('stores every value as given: quotes, backslashes, braces, commas, the word NULL, line breaks, tabs, empty strings and nulls', async () => {
    const awkward = ['say "hi"', 'back\\slash \\" both', '{braces}, commas', 'NULL', 'null', '', 'line\nbreak\r\nand\ttab', ' padded ', '汉字〔2024〕1号', '\\'];
    const rowsIn = new ColumnarRows();
    awkward.forEach((text, i) =>
      rowsIn.add(penalty(`BI-AWK-${i}`, { subjectName: text === '' ? 'x' : text, remarks: text, penaltyCategories: ['FINE', text, 'a,b', '{c}'], fineAmount: i % 2 ? '12.50' : null })),
    );
    const inserted = await insertColumnarRows<{ documentNumber: string }>(db, administrativePenalty, rowsIn, { returning: { documentNumber: administrativePenalty.documentNumber } });
    expect(inserted).toHaveLength(awkward.length);
    const found = await stored(awkward.map((_, i) => `BI-AWK-${i}`));
    const byDoc = new Map(found.map((r) => [r.document_number, r]));
    awkward.forEach((text, i) => {
      const r = byDoc.get(`BI-AWK-${i}`)!;
      expect(r.remarks).toBe(text);
      expect(r.subject_name).toBe(text === '' ? 'x' : text);
      expect(r.penalty_categories).toEqual(['FINE', text, 'a,b', '{c}']);
      expect(r.fine_amount).toBe(i % 2 ? '12.50' : null);
      expect(r.decision_date).toBe('2024-03-01');
      // Columns the rows do not carry keep their defaults.
      expect(r.status).toBe('PUBLISHED');
    });
  });

  it('gives a column first seen in a later row NULL for the rows before it, and splits long runs into statements', async () => {
    const rowsIn = new ColumnarRows();
    const count = ROWS_PER_STATEMENT + 3;
    for (let i = 0; i < count; i++) {
      const row = penalty(`BI-RUN-${i}`);
      // No remarks property at all before row 2, nor in the first row of the second statement: NULL there.
      if (i >= 2 && i !== ROWS_PER_STATEMENT) row.remarks = `r${i}`;
      rowsIn.add(row);
    }
    expect(rowsIn.size).toBe(count);
    const counter = database.counter('test');
    counter.reset();
    const inserted = await insertColumnarRows<{ id: unknown }>(db, administrativePenalty, rowsIn, { returning: { id: administrativePenalty.id } });
    expect(counter.count).toBe(2);
    expect(inserted).toHaveLength(count);
    const found = await stored(['BI-RUN-0', 'BI-RUN-1', 'BI-RUN-2', `BI-RUN-${ROWS_PER_STATEMENT}`, `BI-RUN-${count - 1}`]);
    expect(Object.fromEntries(found.map((r) => [r.document_number, r.remarks]))).toEqual({
      'BI-RUN-0': null,
      'BI-RUN-1': null,
      'BI-RUN-2': 'r2',
      [`BI-RUN-${ROWS_PER_STATEMENT}`]: null,
      [`BI-RUN-${count - 1}`]: `r${count - 1}`,
    });
  });

  it('skips rows whose natural key exists with on conflict do nothing, returning only the new ones', async () => {
    const first = new ColumnarRows();
    first.add(penalty('BI-DUP-1'));
    await insertColumnarRows(db, administrativePenalty, first);
    const again = new ColumnarRows();
    again.add(penalty('BI-DUP-1', { remarks: 'second' }));
    again.add(penalty('BI-DUP-2'));
    const inserted = await insertColumnarRows<{ documentNumber: string }>(db, administrativePenalty, again, {
      onConflictDoNothing: [administrativePenalty.authorityUscc, administrativePenalty.documentNumber],
      returning: { documentNumber: administrativePenalty.documentNumber },
    });
    expect(inserted.map((r) => r.documentNumber)).toEqual(['BI-DUP-2']);
    expect((await stored(['BI-DUP-1']))[0]!.remarks).toBeNull();
  });

  it('refuses a value too long for a char(n) column rather than cutting it', async () => {
    const rowsIn = new ColumnarRows();
    rowsIn.add(penalty('BI-LONG-1', { subjectUscc: '91210203100000016RX' }));
    const error = await insertColumnarRows(db, administrativePenalty, rowsIn).then(() => null, (e: Error & { cause?: Error }) => e);
    // Drizzle wraps the driver's error (its cause): value too long for type character(18).
    expect(error?.cause?.message ?? error?.message).toMatch(/too long/);
    expect(await stored(['BI-LONG-1'])).toEqual([]);
  });
});

describe('partial subject indexes', () => {
  // The subject and person indexes hold only rows naming such a subject; a lookup by value
  // implies not null, so the planner can still use them. With sequential scans off, a plan not
  // naming the index would mean it could not.
  async function plan(query: ReturnType<typeof sql>): Promise<string> {
    return db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const lines = await rows<Record<string, string>>(tx as unknown as Drizzle, sql`explain ${query}`);
      return lines.map((l) => Object.values(l)[0]).join('\n');
    });
  }

  it('hold only the rows naming such a subject', async () => {
    const defs = await rows<{ indexname: string; indexdef: string }>(
      db,
      sql`select indexname, indexdef from pg_indexes where indexname ~ '^(administrative_(penalty|licence)|[a-z]+_sector_record)_(subject|person)$' and tablename in ('administrative_penalty', 'administrative_licence', 'sector_record')`,
    );
    expect(defs).toHaveLength(12);
    for (const d of defs) expect(d.indexdef).toMatch(d.indexname.endsWith('_person') ? /WHERE \(?subject_person_id IS NOT NULL/ : /WHERE \(?subject_uscc IS NOT NULL/);
  });

  it('serve lookups of one subject and of a list of subjects, by USCC and by person', async () => {
    expect(await plan(sql`select id from government.administrative_penalty where subject_person_id = ${'p-1'} order by decision_date desc, id desc`)).toContain('administrative_penalty_person');
    expect(await plan(sql`select id from government.administrative_penalty where subject_person_id = any(${sql.param(['p-1', 'p-2'])}::text[])`)).toContain('administrative_penalty_person');
    expect(await plan(sql`select id from government.administrative_licence where subject_uscc = any(${sql.param(['91210203100000016R'])}::bpchar[])`)).toContain('administrative_licence_subject');
    expect(await plan(sql`select id from ${socialSectorRecord} where subject_person_id = ${'p-1'}`)).toContain('social_sector_record_person');
    expect(
      await plan(
        sql`select x.* from unnest(${sql.param(['p-1', 'p-2'])}::text[]) as k(subject)
            cross join lateral (select id from ${socialSectorRecord} where subject_person_id = k.subject offset 0) x`,
      ),
    ).toContain('social_sector_record_person');
  });
});
