import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { shanghaiDate } from '../../subgraphs/kernel/calendar.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/kernel/config.ts';
import { rows } from '../../subgraphs/kernel/db.ts';
import { idNumberCheckChar } from '../../subgraphs/kernel/id-number.ts';
import { SHOWCASE_PERSON_ID } from '../support/constants.ts';
import { post, useTestStack } from '../support/stack.ts';

/** Sanctions checks of natural persons (自然人) end to end: by the platform's person id, alone or mixed with legal persons. */
const t = useTestStack();
const today = shanghaiDate();
const db = () => t.database.drizzle('test');
const auth = async (id: string) => ({ authorization: `Bearer ${await t.auth.token('department', id)}` });
const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => post(t.stack.gatewayUrl, query, variables, headers);

const CASE = `id subjectType subjectUscc subjectPersonId subject { uscc } person { id maskedName } scenario department { code } evaluatedAt overdue
  listings { rule } measures { action listType listName listing { rule evidenceRecordIds } } feedback { outcome correction }`;
const CHECK = `mutation($i: SanctionsCheckInput!) { sanctionsCheck(input: $i) { case { ${CASE} } } }`;
const BATCH = `mutation($i: SanctionsCheckBatchInput!) { sanctionsCheckBatch(input: $i) {
  checked rejected results { index uscc personId status problems { field reason message } case { subjectType subjectUscc subjectPersonId measures { action } } } } }`;
const FEEDBACK = `mutation($i: ReportSanctionFeedbackInput!) { reportSanctionFeedback(input: $i) { case { id feedback { outcome correction } } } }`;

/** A well-formed resident ID number (GB 11643 check character), as a caller might send by mistake. */
const validIdNumber = () => `21020219850315051${idNumberCheckChar('21020219850315051')}`;

/** Persons with no record in any domain, so each test sees only the listings it makes. */
let persons: { id: string; idNumber?: string }[] = [];
let clean: string[] = [];

async function insertPersonDebtor(personId: string): Promise<number> {
  const [row] = await rows<{ id: number }>(
    db(),
    sql`insert into judicial.dishonest_judgment_debtor (subject_person_id, subject_name, court_name, case_number, filing_date, basis_document_number,
          basis_issuer, obligation, performance, dishonest_conduct, published_date)
        values (${personId}, '张三', '大连市中级人民法院', ${`（2026）辽02执${Math.floor(Math.random() * 1e9)}号`}, '2026-01-05', '（2025）辽02民初2号',
          '大连市中级人民法院', '支付借款', 'NOT_PERFORMED', '有履行能力而拒不履行', '2026-03-01')
        returning id`,
  );
  return Number(row!.id);
}

const casesOf = async (personId: string) =>
  (await rows<{ n: number }>(db(), sql`select count(*)::int as n from platform.sanction_case where subject_person_id = ${personId}`))[0]!.n;

beforeAll(async () => {
  const found = await rows<{ id: string }>(
    db(),
    sql`select id from platform.natural_person p where id <> ${SHOWCASE_PERSON_ID}
          and not exists (select 1 from judicial.dishonest_judgment_debtor d where d.subject_person_id = p.id)
          and not exists (select 1 from judicial.sector_record r where r.subject_person_id = p.id)
          and not exists (select 1 from social.sector_record r where r.subject_person_id = p.id)
          and not exists (select 1 from business.sector_record r where r.subject_person_id = p.id)
          and not exists (select 1 from government.sector_record r where r.subject_person_id = p.id)
          and not exists (select 1 from government.listing_decision r where r.subject_person_id = p.id)
          and not exists (select 1 from business.listing_decision r where r.subject_person_id = p.id)
          and not exists (select 1 from social.listing_decision r where r.subject_person_id = p.id)
          and not exists (select 1 from judicial.listing_decision r where r.subject_person_id = p.id)
        order by id limit 10`,
  );
  persons = found;
  expect(persons.length).toBe(10);
  const enterprises = await rows<{ uscc: string }>(
    db(),
    sql`select uscc from platform.legal_person lp where kind = 'ENTERPRISE'
          and not exists (select 1 from judicial.dishonest_judgment_debtor d where d.subject_uscc = lp.uscc)
          and not exists (select 1 from business.tax_credit_rating r where r.subject_uscc = lp.uscc)
        order by uscc desc limit 3`,
  );
  clean = enterprises.map((r) => r.uscc);
});

describe('sanctionsCheck of a natural person', () => {
  it('gives a person on the black list the REFUSE measure with its evidence, and records the case by the person id', async () => {
    const person = persons[0]!.id;
    const debtor = await insertPersonDebtor(person);
    const { body } = await gql(CHECK, { i: { personId: person, scenario: 'GOVERNMENT_PROCUREMENT' } }, await auth('dl-urban'));
    expect(body.errors).toBeUndefined();
    const c = body.data.sanctionsCheck.case;
    expect(c).toMatchObject({ subjectType: 'NATURAL_PERSON', subjectUscc: null, subjectPersonId: person, subject: null, person: { id: person }, department: { code: 'dl-urban' }, overdue: false, feedback: null });
    expect(c.person.maskedName).toMatch(/\*/);
    expect(c.measures).toEqual([{ action: 'REFUSE', listType: 'BLACK', listName: null, listing: { rule: 'JUDICIAL_DISHONEST_DEBTOR', evidenceRecordIds: [expect.any(String)] } }]);
    expect(Buffer.from(c.measures[0].listing.evidenceRecordIds[0], 'base64url').toString()).toBe(`judicial:DishonestJudgmentDebtor:${debtor}`);
    expect(c.listings).toEqual([{ rule: 'JUDICIAL_DISHONEST_DEBTOR' }]);
    // Stored by the pseudonymous id only, with the measures as they were.
    const [stored] = await rows<{ subject_uscc: string | null; measures: unknown[] }>(db(), sql`select subject_uscc, measures from platform.sanction_case where subject_person_id = ${person}`);
    expect(stored!.subject_uscc).toBeNull();
    expect(stored!.measures).toHaveLength(1);
    // Found by the person; the case is an entity like a legal person's.
    const listed = await gql(`query($p: ID!) { sanctionCases(filter: { subjectPersonId: $p }) { totalCount edges { node { id measures { action } } } } }`, { p: person }, await auth('dl-urban'));
    expect(listed.body.data.sanctionCases).toMatchObject({ totalCount: 1, edges: [{ node: { id: c.id, measures: [{ action: 'REFUSE' }] } }] });
  });

  it('gives a person with no listings no measures', async () => {
    const { body } = await gql(CHECK, { i: { personId: persons[1]!.id, scenario: 'GOVERNMENT_PROCUREMENT' } }, await auth('dl-urban'));
    expect(body.errors).toBeUndefined();
    expect(body.data.sanctionsCheck.case).toMatchObject({ subjectType: 'NATURAL_PERSON', listings: [], measures: [] });
  });

  it('refuses no subject, both subjects, an ID number, a malformed id and an unknown person, opening nothing', async () => {
    const urban = await auth('dl-urban');
    const person = persons[2]!.id;
    const error = async (i: Record<string, unknown>) => {
      const { body } = await gql(CHECK, { i: { scenario: 'AWARDS', ...i } }, urban);
      expect(body.data?.sanctionsCheck ?? null).toBeNull();
      return { ...body.errors?.[0]?.extensions, message: body.errors?.[0]?.message };
    };
    expect(await error({})).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input', reason: 'ONE_SUBJECT' });
    expect(await error({ uscc: clean[0], personId: person })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input', reason: 'ONE_SUBJECT' });
    const idNumber = validIdNumber();
    const byNumber = await error({ personId: idNumber });
    expect(byNumber).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.personId', reason: 'ID_NUMBER_NOT_ACCEPTED' });
    expect(JSON.stringify(byNumber)).not.toContain(idNumber);
    expect(await error({ personId: 'np_zz' })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.personId', reason: 'INVALID_PERSON_ID' });
    expect(await error({ personId: 'np_0000000000000000' })).toMatchObject({ code: 'NOT_FOUND', argument: 'input.personId', reason: 'UNKNOWN_SUBJECT' });
    expect(await error({ uscc: '91210200MA0000001A' })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.uscc' });
    expect(await casesOf(person)).toBe(0);
    const [{ n }] = (await rows<{ n: number }>(db(), sql`select count(*)::int as n from platform.sanction_case where subject_person_id in (${idNumber}, 'np_0000000000000000')`)) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('takes feedback only from the checking department, and the statistics count the case', async () => {
    const QUERY = `query($f: Date!, $t: Date!) { sanctionFeedbackStatistics(from: $f, to: $t) { department { code } cases withFeedback } }`;
    const stats = async () => {
      const { body } = await gql(QUERY, { f: today, t: today }, await auth('dl-urban'));
      expect(body.errors).toBeUndefined();
      return (body.data.sanctionFeedbackStatistics as any[]).find((r) => r.department.code === 'dl-urban') ?? { cases: 0, withFeedback: 0 };
    };
    const before = await stats();
    const person = persons[3]!.id;
    await insertPersonDebtor(person);
    const { body } = await gql(CHECK, { i: { personId: person, scenario: 'GOVERNMENT_PROCUREMENT' } }, await auth('dl-urban'));
    const caseId = body.data.sanctionsCheck.case.id;
    expect(await stats()).toMatchObject({ cases: before.cases + 1, withFeedback: before.withFeedback });

    const input = { caseId, outcome: 'APPLIED', actionDate: today };
    const other = await gql(FEEDBACK, { i: input }, await auth('dl-market'));
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_CASE_OWNER' });
    const read = await gql(`query($id: ID!) { sanctionCase(id: $id) { id } }`, { id: caseId }, await auth('dl-market'));
    expect(read.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_CASE_OWNER' });
    const own = await gql(FEEDBACK, { i: input }, await auth('dl-urban'));
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.reportSanctionFeedback.case.feedback).toEqual({ outcome: 'APPLIED', correction: false });
    expect(await stats()).toMatchObject({ cases: before.cases + 1, withFeedback: before.withFeedback + 1 });
  });

  it('is overdue without feedback past its deadline, like a legal person’s', async () => {
    const person = persons[4]!.id;
    const urban = await auth('dl-urban');
    const { body } = await gql(CHECK, { i: { personId: person, scenario: 'SUBSIDIES' } }, urban);
    const id = Number(Buffer.from(body.data.sanctionsCheck.case.id, 'base64url').toString().split(':')[2]);
    await rows(db(), sql`update platform.sanction_case set checked_on = '2026-01-05', checked_at = '2026-01-05T02:00:00Z' where id = ${id}`);
    const overdue = await gql(`query($p: ID!) { sanctionCases(filter: { overdue: true, subjectPersonId: $p }) { edges { node { id overdue } } } }`, { p: person }, urban);
    expect(overdue.body.data.sanctionCases.edges).toEqual([{ node: { id: body.data.sanctionsCheck.case.id, overdue: true } }]);
  });
});

describe('sanctionsCheckBatch with natural persons', () => {
  it('checks a mix of legal and natural persons row by row, rejecting bad rows by their field', async () => {
    const [listed, unlisted] = [persons[5]!.id, persons[6]!.id];
    await insertPersonDebtor(listed);
    const idNumber = validIdNumber();
    const subjects = [
      { personId: listed },
      { uscc: clean[1] },
      { personId: unlisted },
      { personId: listed },
      { uscc: clean[1], personId: unlisted },
      {},
      { personId: idNumber },
      { personId: 'np_0000000000000000' },
      { uscc: 'BAD' },
    ];
    const { body } = await gql(BATCH, { i: { subjects, scenario: 'GOVERNMENT_PROCUREMENT' } }, await auth('dl-urban'));
    expect(body.errors).toBeUndefined();
    const r = body.data.sanctionsCheckBatch;
    expect(r).toMatchObject({ checked: 3, rejected: 6 });
    expect(r.results.map((x: { status: string }) => x.status)).toEqual(['CHECKED', 'CHECKED', 'CHECKED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED']);
    expect(r.results[0]).toMatchObject({ index: 0, uscc: null, personId: listed, case: { subjectType: 'NATURAL_PERSON', subjectPersonId: listed, measures: [{ action: 'REFUSE' }] } });
    expect(r.results[1]).toMatchObject({ uscc: clean[1], personId: null, case: { subjectType: 'LEGAL_PERSON', subjectUscc: clean[1], subjectPersonId: null, measures: [] } });
    expect(r.results[2].case).toEqual({ subjectType: 'NATURAL_PERSON', subjectUscc: null, subjectPersonId: unlisted, measures: [] });
    const problems = r.results.slice(3).map((x: { problems: { field: string; reason: string }[] }) => x.problems.map(({ field, reason }) => ({ field, reason })));
    expect(problems).toEqual([
      [{ field: 'subjects.3.personId', reason: 'DUPLICATE' }],
      [{ field: 'subjects.4', reason: 'ONE_SUBJECT' }],
      [{ field: 'subjects.5', reason: 'ONE_SUBJECT' }],
      [{ field: 'subjects.6.personId', reason: 'ID_NUMBER_NOT_ACCEPTED' }],
      [{ field: 'subjects.7.personId', reason: 'UNKNOWN_SUBJECT' }],
      [{ field: 'subjects.8.uscc', reason: 'LENGTH' }],
    ]);
    // The ID number is not echoed anywhere in the answer.
    expect(r.results[6].personId).toBeNull();
    expect(JSON.stringify(body)).not.toContain(idNumber);
    expect(await casesOf(listed)).toBe(1);
  });

  it('takes exactly one of usccs and subjects, at most 1,000', async () => {
    const urban = await auth('dl-urban');
    const code = async (i: Record<string, unknown>) => (await gql(BATCH, { i: { scenario: 'AWARDS', ...i } }, urban)).body.errors?.[0]?.extensions;
    expect(await code({})).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input', reason: 'ONE_SUBJECT_LIST' });
    expect(await code({ usccs: [clean[2]], subjects: [{ personId: persons[7]!.id }] })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input', reason: 'ONE_SUBJECT_LIST' });
    expect(await code({ subjects: [] })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.subjects', reason: 'EMPTY' });
    expect(await code({ subjects: Array.from({ length: 1001 }, () => ({ personId: persons[7]!.id })) })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.subjects', reason: 'TOO_MANY_CODES' });
    expect(await casesOf(persons[7]!.id)).toBe(0);
  });

  it('costs the same SQL statements per subgraph for 200 mixed subjects as for 2', async () => {
    const urban = await auth('dl-urban');
    const count = async (subjects: Record<string, string>[]) => {
      for (const n of SUBGRAPH_NAMES) t.database.counter(n).reset();
      const { body } = await gql(BATCH, { i: { subjects, scenario: 'GOVERNMENT_PROCUREMENT' } }, urban);
      expect(body.data.sanctionsCheckBatch.checked).toBe(subjects.length);
      return Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, t.database.counter(n).count]));
    };
    const people = await rows<{ id: string }>(db(), sql`select id from platform.natural_person order by id desc limit 100`);
    const firms = await rows<{ uscc: string }>(db(), sql`select uscc from platform.legal_person order by uscc limit 100`);
    const one = await count([{ personId: persons[8]!.id }, { uscc: SHOWCASE.enterprise.uscc }]);
    const many = await count([...people.map((p) => ({ personId: p.id })), ...firms.map((f) => ({ uscc: f.uscc }))]);
    for (const n of ['government', 'business', 'social', 'judicial']) expect(one[n], n).toBeGreaterThan(0);
    expect(many).toEqual(one);
  });
});
