import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../subgraphs/kernel/calendar.ts';
import { RECORD_TYPES } from '../../subgraphs/kernel/catalog.ts';
import { type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import { fromGlobalId, toGlobalId } from '../../subgraphs/kernel/global-id.ts';
import { LIFECYCLE_RECORD_TYPES } from '../../subgraphs/kernel/lifecycle/topics.ts';
import { PURPOSE_HEADER } from '../../subgraphs/kernel/access/purposes.ts';
import { post, useTestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * Objections (异议) to the record types that have no sector-record shape: 失信被执行人, 纳税信用等级
 * and 拖欠农民工工资. Filed by the subject, marked publicly, decided by the record's own authority;
 * an upheld revocation ends the listing the record made in the same instant, a rejection leaves it.
 */
const t = useTestStack();
let db: Drizzle;
let subject: string;
let other: string;
let court: { code: string; name: string; uscc: string };
let tax: { code: string; name: string; uscc: string };
let hrss: { code: string; name: string; uscc: string };
const h: Record<string, Record<string, string>> = {};
const today = () => shanghaiDate();

beforeAll(async () => {
  db = t.database.drizzle('test');
  // Enterprises with no debtor listing, tax grade or wage arrears, so each test sees only its own.
  const found = await rows<{ uscc: string }>(
    db,
    sql`select uscc from platform.legal_person lp where kind = 'ENTERPRISE'
          and not exists (select 1 from judicial.dishonest_judgment_debtor d where d.subject_uscc = lp.uscc)
          and not exists (select 1 from business.tax_credit_rating r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from social.wage_arrears_record w where w.subject_uscc = lp.uscc)
        order by uscc limit 2`,
  );
  [subject, other] = [found[0]!.uscc, found[1]!.uscc];
  const department = async (code: string) =>
    (await rows<{ code: string; name: string; uscc: string }>(db, sql`select code, name, trim(uscc) as uscc from access.department where code = ${code}`))[0]!;
  [court, tax, hrss] = [await department('dl-court'), await department('dl-tax'), await department('dl-hrss')];
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  h.subject = bearer(await t.auth.token('subject', subject, { subjectType: 'LEGAL_PERSON' }));
  h.other = bearer(await t.auth.token('subject', other, { subjectType: 'LEGAL_PERSON' }));
  h.court = bearer(await t.auth.token('department', 'dl-court', { scopes: ['gov:internal'] }));
  h.tax = bearer(await t.auth.token('department', 'dl-tax', { scopes: ['gov:internal'] }));
  h.hrss = bearer(await t.auth.token('department', 'dl-hrss', { scopes: ['gov:internal'] }));
  h.public = {};
});

const gql = (who: string, query: string, variables: Record<string, unknown> = {}) => post(t.stack.gatewayUrl, query, variables, h[who]);
const errorOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions;

const serial = () => Math.floor(Math.random() * 1e9);

async function insertDebtor(courtUscc: string | null = court.uscc): Promise<string> {
  const [row] = await rows<{ id: number }>(
    db,
    sql`insert into judicial.dishonest_judgment_debtor (subject_uscc, subject_name, court_name, court_uscc, case_number, filing_date, basis_document_number,
          basis_issuer, obligation, performance, dishonest_conduct, published_date)
        values (${subject}, '测试企业', ${court.name}, ${courtUscc}, ${`（2026）辽02执${serial()}号`}, '2026-01-05', '（2025）辽02民初1号',
          ${court.name}, '支付货款100000元', 'NOT_PERFORMED', '有履行能力而拒不履行', '2026-02-01')
        returning id`,
  );
  return toGlobalId('judicial', 'DishonestJudgmentDebtor', Number(row!.id));
}

async function insertRating(year: number, grade = 'A'): Promise<string> {
  const [row] = await rows<{ id: number }>(
    db,
    sql`insert into business.tax_credit_rating (subject_uscc, year, grade, authority_name, authority_uscc, published_date)
        values (${subject}, ${year}, ${grade}, ${tax.name}, ${tax.uscc}, ${`${year + 1}-04-20`}) returning id`,
  );
  return toGlobalId('business', 'TaxCreditRating', Number(row!.id));
}

async function insertArrears(): Promise<string> {
  const [row] = await rows<{ id: number }>(
    db,
    sql`insert into social.wage_arrears_record (subject_uscc, subject_name, document_number, decision_date, amount_owed, workers_affected, facts,
          settlement_status, authority_name, authority_uscc)
        values (${subject}, '测试企业', ${`大人社监〔2026〕${serial()}号`}, '2026-06-01', '30000.00', 3, '拖欠3名劳动者工资共计30000元', 'OUTSTANDING', ${hrss.name}, ${hrss.uscc})
        returning id`,
  );
  return toGlobalId('social', 'WageArrearsRecord', Number(row!.id));
}

const OBJECTION = 'id recordId recordDomain recordType subjectId status invalidReason decidingDepartment { name uscc } recordOutcome decisionReason correction';
const FILE = `mutation($i: FileObjectionInput!) { fileObjection(input: $i) { objection { ${OBJECTION} } } }`;
const DECIDE = `mutation($i: DecideObjectionInput!) { decideObjection(input: $i) { objection { ${OBJECTION} } } }`;

async function fileObjection(recordId: string, who = 'subject') {
  const { body } = await gql(who, FILE, { i: { recordId, grounds: '该案已执行完毕，列入名单有误。' } });
  expect(body.errors).toBeUndefined();
  const id = body.data.fileObjection.objection.id;
  return waitFor(
    async () => (await gql(who, `{ myObjections { ${OBJECTION} } }`)).body.data.myObjections.find((o: any) => o.id === id),
    (o) => o.status !== 'VERIFYING',
    'the domain to check the objection',
  );
}

const LIFECYCLE = 'status underObjection statusHistory { status effectiveOn reason cause causeId correction }';

/** What anyone sees of the subject: its public records of these types and every list it is on. */
async function publicView() {
  const { body } = await gql(
    'public',
    `query($u: String!) { legalPerson(uscc: $u) {
      dishonestDebtorRecords(first: 100) { edges { node { id listingStatus ${LIFECYCLE} } } }
      publishedTaxCreditRatings(first: 100) { edges { node { id grade ${LIFECYCLE} } } }
      wageArrearsRecords(first: 100) { edges { node { id ${LIFECYCLE} } } }
      creditListings { listType listName rule evidenceRecordIds } } }`,
    { u: subject },
  );
  expect(body.errors).toBeUndefined();
  const lp = body.data.legalPerson;
  const find = (list: { edges: { node: { id: string } }[] }, id: string) => list.edges.find((e) => e.node.id === id)?.node ?? null;
  return {
    debtor: (id: string) => find(lp.dishonestDebtorRecords, id) as any,
    rating: (id: string) => find(lp.publishedTaxCreditRatings, id) as any,
    arrears: (id: string) => find(lp.wageArrearsRecords, id) as any,
    listedBy: (id: string) => (lp.creditListings as { listType: string; rule: string; evidenceRecordIds: string[] }[]).find((l) => l.evidenceRecordIds.includes(id)) ?? null,
  };
}

/** The subject's own full tax grade history (self), where a revoked grade still shows. */
async function ownRating(id: string) {
  const { body } = await gql('subject', `query($u: String!) { legalPerson(uscc: $u) { taxCreditRatings(first: 100) { edges { node { id ${LIFECYCLE} } } } } }`, { u: subject });
  expect(body.errors).toBeUndefined();
  return body.data.legalPerson.taxCreditRatings.edges.find((e: any) => e.node.id === id)?.node ?? null;
}

/**
 * The records of both types on file, as `who` reads them: a revoked record stays there with its
 * history for the subject and internal callers (it only leaves public view). Null when refused.
 */
async function onFile(who: string) {
  // Government callers read records on file for a statutory purpose only.
  const purpose: Record<string, string> = who === 'court' || who === 'hrss' ? { [PURPOSE_HEADER]: 'ADMINISTRATIVE_ENFORCEMENT' } : {};
  const { body } = await post(
    t.stack.gatewayUrl,
    `query($u: String!) { legalPerson(uscc: $u) {
      dishonestDebtorRecordsOnFile(first: 100) { edges { node { id ${LIFECYCLE} } } }
      wageArrearsRecordsOnFile(first: 100) { edges { node { id ${LIFECYCLE} } } } } }`,
    { u: subject },
    { ...h[who], ...purpose },
  );
  const lp = body.data?.legalPerson;
  const find = (list: { edges: { node: { id: string } }[] } | null | undefined, id: string) => (list ? (list.edges.find((e) => e.node.id === id)?.node ?? null) : undefined);
  return {
    errors: (body.errors ?? []).map((e) => `${e.path?.at(-1)}:${String(e.extensions?.code)}`),
    debtor: (id: string) => find(lp?.dishonestDebtorRecordsOnFile, id) as any,
    arrears: (id: string) => find(lp?.wageArrearsRecordsOnFile, id) as any,
  };
}

const keyOf = (id: string) => Number(fromGlobalId(id).key);

const statusOnFile = async (table: string, id: string) =>
  (await rows<{ status: string; objection_id: string | null }>(db, sql`select status, objection_id from ${sql.raw(table)} where id = ${keyOf(id)}`))[0];

describe('objection to a dishonest-debtor listing (失信被执行人)', () => {
  it('upheld with revocation: marked publicly, decided by the court only, REVOKED, and the black-list listing ends at once', async () => {
    const record = await insertDebtor();
    const before = await publicView();
    expect(before.listedBy(record)).toMatchObject({ listType: 'BLACK', rule: 'JUDICIAL_DISHONEST_DEBTOR' });
    expect(before.debtor(record)).toMatchObject({ status: 'PUBLISHED', underObjection: false, listingStatus: 'LISTED' });

    const objection = await fileObjection(record);
    expect(objection).toMatchObject({ status: 'UNDER_REVIEW', recordDomain: 'JUDICIAL', recordType: 'DishonestJudgmentDebtor', decidingDepartment: { name: court.name, uscc: court.uscc } });
    // The public sees the mark (标注异议); the listing stands while the objection is reviewed.
    const marked = await publicView();
    expect(marked.debtor(record)).toMatchObject({ underObjection: true, status: 'PUBLISHED' });
    expect(marked.listedBy(record)).not.toBeNull();

    // Only the court that listed the debtor decides (谁认定、谁负责).
    const denied = await gql('tax', DECIDE, { i: { objectionId: objection.id, decision: 'REVOKE', reason: '—' } });
    expect(errorOf(denied.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_DECIDING_DEPARTMENT' });
    const bySubject = await gql('subject', DECIDE, { i: { objectionId: objection.id, decision: 'REVOKE', reason: '—' } });
    expect(errorOf(bySubject.body)).toMatchObject({ code: 'FORBIDDEN' });

    const decided = await gql('court', DECIDE, { i: { objectionId: objection.id, decision: 'REVOKE', reason: '该案已于立案前执行完毕，纳入名单错误' } });
    expect(decided.body.errors).toBeUndefined();
    expect(decided.body.data.decideObjection.objection).toMatchObject({ status: 'UPHELD', recordOutcome: 'REVOKED' });

    const after = await waitFor(publicView, (v) => v.listedBy(record) === null, 'the listing to end');
    expect(after.debtor(record)).toBeNull();
    expect(await statusOnFile('judicial.dishonest_judgment_debtor', record)).toEqual({ status: 'REVOKED', objection_id: null });
    const history = await rows<{ status: string; cause_type: string; cause_id: string }>(
      db,
      sql`select status, cause_type, cause_id from judicial.record_status_history where record_type = 'DishonestJudgmentDebtor' and record_id = ${keyOf(record)}`,
    );
    expect(history).toEqual([{ status: 'REVOKED', cause_type: 'OBJECTION', cause_id: objection.id }]);
    // Out of public view, still on file for the subject and the court, with why it was revoked.
    for (const who of ['subject', 'court']) {
      const kept = (await onFile(who)).debtor(record);
      expect(kept?.status, `${who}: ${(await onFile(who)).errors}`).toBe('REVOKED');
      expect(kept.statusHistory.map((e: any) => e.status)).toEqual(['PUBLISHED', 'REVOKED']);
      expect(kept.statusHistory.at(-1)).toMatchObject({ cause: 'OBJECTION', causeId: objection.id });
    }
    const refused = await onFile('public');
    expect(refused.debtor(record)).toBeUndefined();
    expect(refused.errors).toEqual(expect.arrayContaining(['dishonestDebtorRecordsOnFile:FORBIDDEN', 'wageArrearsRecordsOnFile:FORBIDDEN']));
    expect((await onFile('other')).errors).toContain('dishonestDebtorRecordsOnFile:FORBIDDEN');
    // Revoked, it takes no further objection.
    expect((await fileObjection(record)).invalidReason).toBe('REVOKED');
  });

  it('rejected: the mark clears, the record stays PUBLISHED and the subject stays on the black list', async () => {
    const record = await insertDebtor();
    const objection = await fileObjection(record);
    const decided = await gql('court', DECIDE, { i: { objectionId: objection.id, decision: 'REJECT', reason: '经复核，被执行人未履行义务' } });
    expect(decided.body.data.decideObjection.objection).toMatchObject({ status: 'REJECTED', recordOutcome: null });
    const after = await waitFor(publicView, (v) => v.debtor(record)?.underObjection === false, 'the mark to clear');
    expect(after.debtor(record)).toMatchObject({ status: 'PUBLISHED', listingStatus: 'LISTED' });
    expect(after.debtor(record).statusHistory.map((s: any) => s.status)).toEqual(['PUBLISHED']);
    expect(after.listedBy(record)).toMatchObject({ listType: 'BLACK', rule: 'JUDICIAL_DISHONEST_DEBTOR' });
  });

  it('is refused to anyone but the subject: another subject’s objection is INVALID (NOT_SELF), the public and departments are FORBIDDEN', async () => {
    const record = await insertDebtor();
    const foreign = await fileObjection(record, 'other');
    expect(foreign).toMatchObject({ status: 'INVALID', invalidReason: 'NOT_SELF', decidingDepartment: null });
    expect((await publicView()).debtor(record).underObjection).toBe(false);
    for (const who of ['public', 'court']) {
      const r = await gql(who, FILE, { i: { recordId: record, grounds: '理由' } });
      expect(r.body.data?.fileObjection ?? null).toBeNull();
      expect(errorOf(r.body)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await statusOnFile('judicial.dishonest_judgment_debtor', record)).toEqual({ status: 'PUBLISHED', objection_id: null });
  });

  it('is INVALID (NO_DECIDING_DEPARTMENT) for a listing that names no court USCC, which nobody could answer', async () => {
    const record = await insertDebtor(null);
    const objection = await fileObjection(record);
    expect(objection).toMatchObject({ status: 'INVALID', invalidReason: 'NO_DECIDING_DEPARTMENT' });
    expect((await publicView()).debtor(record).underObjection).toBe(false);
  });
});

describe('objection to a tax credit rating (纳税信用等级)', () => {
  it('upheld with revocation: marked publicly, REVOKED with its history, and the A-grade red listing ends at once', async () => {
    const record = await insertRating(2024);
    const before = await publicView();
    expect(before.listedBy(record)).toMatchObject({ listType: 'RED', rule: 'BUSINESS_A_GRADE_TAXPAYER' });

    const objection = await fileObjection(record);
    expect(objection).toMatchObject({ status: 'UNDER_REVIEW', recordDomain: 'BUSINESS', recordType: 'TaxCreditRating', decidingDepartment: { name: tax.name, uscc: tax.uscc } });
    expect((await publicView()).rating(record)).toMatchObject({ grade: 'A', underObjection: true, status: 'PUBLISHED' });
    const denied = await gql('court', DECIDE, { i: { objectionId: objection.id, decision: 'REVOKE', reason: '—' } });
    expect(errorOf(denied.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_DECIDING_DEPARTMENT' });

    const decided = await gql('tax', DECIDE, { i: { objectionId: objection.id, decision: 'REVOKE', reason: '评价所依据的申报数据有误，撤销该年度评价结果' } });
    expect(decided.body.data.decideObjection.objection).toMatchObject({ status: 'UPHELD', recordOutcome: 'REVOKED' });

    const after = await waitFor(publicView, (v) => v.listedBy(record) === null, 'the red listing to end');
    expect(after.rating(record)).toBeNull();
    // On file for the taxpayer itself, with the revocation on its history.
    const own = await ownRating(record);
    expect(own).toMatchObject({ status: 'REVOKED', underObjection: false });
    expect(own.statusHistory.map((s: any) => s.status)).toEqual(['PUBLISHED', 'REVOKED']);
    expect(own.statusHistory[1]).toMatchObject({ effectiveOn: today(), cause: 'OBJECTION', causeId: objection.id, reason: '评价所依据的申报数据有误，撤销该年度评价结果' });
  });

  it('rejected: the A grade stays published and the taxpayer stays on the red list; a correction keeps it listed as CORRECTED', async () => {
    // The newest assessed year decides the red list: 2025 here, after the 2024 grade above.
    const record = await insertRating(2025);
    expect((await publicView()).listedBy(record)).toMatchObject({ listType: 'RED', rule: 'BUSINESS_A_GRADE_TAXPAYER' });
    const objection = await fileObjection(record);
    const rejected = await gql('tax', DECIDE, { i: { objectionId: objection.id, decision: 'REJECT', reason: '经复核，评价结果无误' } });
    expect(rejected.body.data.decideObjection.objection).toMatchObject({ status: 'REJECTED', recordOutcome: null });
    const after = await waitFor(publicView, (v) => v.rating(record)?.underObjection === false, 'the mark to clear');
    expect(after.rating(record)).toMatchObject({ status: 'PUBLISHED', grade: 'A' });
    expect(after.rating(record).statusHistory.map((s: any) => s.status)).toEqual(['PUBLISHED']);
    expect(after.listedBy(record)).toMatchObject({ listType: 'RED', rule: 'BUSINESS_A_GRADE_TAXPAYER' });
    expect(await statusOnFile('business.tax_credit_rating', record)).toEqual({ status: 'PUBLISHED', objection_id: null });

    const again = await fileObjection(record);
    const corrected = await gql('tax', DECIDE, { i: { objectionId: again.id, decision: 'CORRECT', reason: '评价机关名称有误', correction: '评价机关更正为国家税务总局大连市税务局' } });
    expect(corrected.body.data.decideObjection.objection).toMatchObject({ status: 'UPHELD', recordOutcome: 'CORRECTED' });
    const shown = await waitFor(publicView, (v) => v.rating(record)?.status === 'CORRECTED', 'the correction');
    expect(shown.rating(record).statusHistory[1]).toMatchObject({ status: 'CORRECTED', correction: '评价机关更正为国家税务总局大连市税务局', cause: 'OBJECTION' });
    expect(shown.listedBy(record)).toMatchObject({ listType: 'RED' });
  });
});

describe('objection to a wage-arrears record (拖欠农民工工资)', () => {
  it('upheld with revocation: the record leaves public view and the key-attention listing ends', async () => {
    const record = await insertArrears();
    expect((await publicView()).listedBy(record)).toMatchObject({ listType: 'KEY_ATTENTION', rule: 'SOCIAL_WAGE_ARREARS' });
    const objection = await fileObjection(record);
    expect(objection).toMatchObject({ status: 'UNDER_REVIEW', recordType: 'WageArrearsRecord', decidingDepartment: { uscc: hrss.uscc } });
    expect((await publicView()).arrears(record)).toMatchObject({ underObjection: true });
    await gql('hrss', DECIDE, { i: { objectionId: objection.id, decision: 'REVOKE', reason: '工资已于决定前支付' } });
    const after = await waitFor(publicView, (v) => v.listedBy(record) === null, 'the listing to end');
    expect(after.arrears(record)).toBeNull();
    expect(await statusOnFile('social.wage_arrears_record', record)).toEqual({ status: 'REVOKED', objection_id: null });
    for (const who of ['subject', 'hrss']) {
      const kept = (await onFile(who)).arrears(record);
      expect(kept?.status, `${who}: ${(await onFile(who)).errors}`).toBe('REVOKED');
      expect(kept.statusHistory.map((e: any) => e.status)).toEqual(['PUBLISHED', 'REVOKED']);
      expect(kept.statusHistory.at(-1)).toMatchObject({ cause: 'OBJECTION', causeId: objection.id });
    }
    expect((await onFile('public')).errors).toContain('wageArrearsRecordsOnFile:FORBIDDEN');
  });
});

describe('wiring', () => {
  it('every record type of the information catalog — every type a subject can see — can be objected to', () => {
    for (const r of RECORD_TYPES) expect(LIFECYCLE_RECORD_TYPES[r.domain], r.type).toContain(r.type);
  });
});
