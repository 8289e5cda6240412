import { SHOWCASE_PERSON_ID } from '../support/constants.ts';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { addCalendarDays, shanghaiDate, workingCalendar } from '../../subgraphs/kernel/calendar.ts';
import { type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import type { DeliveredEvent } from '../../subgraphs/kernel/events/index.ts';
import { fromGlobalId, toGlobalId } from '../../subgraphs/kernel/global-id.ts';
import { LIFECYCLE_DOMAINS, LIFECYCLE_RECORD_TYPES, lifecycleTopic } from '../../subgraphs/kernel/lifecycle/topics.ts';
import { addMonths } from '../../subgraphs/kernel/publication.ts';
import { lifecycle as businessLifecycle } from '../../subgraphs/business/store.ts';
import { lifecycle as governmentLifecycle } from '../../subgraphs/government/store.ts';
import { lifecycle as judicialLifecycle } from '../../subgraphs/judicial/store.ts';
import { lifecycle as socialLifecycle } from '../../subgraphs/social/store.ts';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { post, useTestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait-for.ts';

const t = useTestStack();
let db: Drizzle;
let subject: { uscc: string; name: string };
let other: { uscc: string };
let market: { code: string; name: string; uscc: string };
const h: Record<string, Record<string, string>> = {};
const AUTHORITY = { authorityName: '大连市中山区市场监督管理局', authorityUscc: '11210202000000019H' };
const today = () => shanghaiDate();

beforeAll(async () => {
  db = t.database.drizzle('test');
  const found = await rows<{ uscc: string; name: string }>(
    db,
    sql`select uscc, name from platform.legal_person lp where kind = 'ENTERPRISE'
        and not exists (select 1 from government.administrative_penalty p where p.subject_uscc = lp.uscc)
        and not exists (select 1 from business.sector_record r where r.subject_uscc = lp.uscc) order by uscc limit 2`,
  );
  subject = found[0]!;
  other = found[1]!;
  market = (await rows<{ code: string; name: string; uscc: string }>(db, sql`select code, name, trim(uscc) as uscc from access.department where code = 'dl-market'`))[0]!;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  h.subject = bearer(await t.auth.token('subject', subject.uscc, { subjectType: 'LEGAL_PERSON' }));
  h.other = bearer(await t.auth.token('subject', other.uscc, { subjectType: 'LEGAL_PERSON' }));
  h.market = bearer(await t.auth.token('department', 'dl-market', { scopes: ['gov:internal', 'gov:write:government', 'gov:write:business'] }));
  h.tax = bearer(await t.auth.token('department', 'dl-tax', { scopes: ['gov:internal'] }));
  h.unregistered = bearer(await t.auth.token('department', 'dl-nowhere', { scopes: ['gov:internal'] }));
  h.admin = bearer(await t.auth.token('admin', 'admin-1'));
  h.public = {};
});

const gql = (who: string, query: string, variables: Record<string, unknown> = {}) => post(t.stack.gatewayUrl, query, variables, h[who]);

function penalty(overrides: Record<string, unknown> = {}) {
  return {
    subjectName: subject.name,
    subjectCategory: 'LEGAL_PERSON',
    subjectUscc: subject.uscc,
    documentNumber: `大中市监罚〔2026〕${Math.floor(Math.random() * 1e9)}号`,
    violationType: '违反食品安全管理规定',
    violationFacts: '经查，当事人经营超过保质期的食品。',
    legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
    penaltyCategories: ['FINE'],
    penaltyContent: '罚款人民币50000元',
    fineAmount: '50000.00',
    decisionDate: '2026-11-02',
    severity: 'GENERAL',
    ...AUTHORITY,
    ...overrides,
  };
}

async function submitPenalty(overrides: Record<string, unknown> = {}): Promise<string> {
  const { body } = await gql('market', `mutation($r: [AdministrativePenaltyInput!]!) { submitAdministrativePenalties(input: { records: $r }) { results { status id problems { reason } } } }`, {
    r: [penalty(overrides)],
  });
  expect(body.errors).toBeUndefined();
  expect(body.data.submitAdministrativePenalties.results[0].status).toBe('ACCEPTED');
  return body.data.submitAdministrativePenalties.results[0].id;
}

async function submitBusinessRecord(overrides: Record<string, unknown> = {}): Promise<string> {
  const record = {
    sector: 'SAFETY_PRODUCTION',
    category: '不良记录',
    subjectCategory: 'LEGAL_PERSON',
    subjectName: subject.name,
    subjectUscc: subject.uscc,
    polarity: 'NEGATIVE',
    severity: 'GENERAL',
    title: '未履行安全生产法定义务',
    facts: '经查，当事人未按规定开展安全生产教育培训。',
    documentNumber: `大应急〔2026〕${Math.floor(Math.random() * 1e9)}号`,
    decisionDate: '2026-10-20',
    ...AUTHORITY,
    ...overrides,
  };
  const { body } = await gql('market', `mutation($r: [BusinessRecordInput!]!) { submitBusinessRecords(input: { records: $r }) { results { status id } } }`, { r: [record] });
  expect(body.errors).toBeUndefined();
  return body.data.submitBusinessRecords.results[0].id;
}

/** Moves a record's publication back in time, as if it had been published `months` ago. */
async function publishedMonthsAgo(id: string, months: number, severity = 'GENERAL') {
  const { domain, type, key } = fromGlobalId(id);
  const table = type === 'AdministrativePenalty' ? 'government.administrative_penalty' : `${domain}.sector_record`;
  const start = addMonths(today(), -months);
  const end = addCalendarDays(addMonths(start, severity === 'SEVERE' ? 36 : 12), -1);
  await db.execute(sql`update ${sql.raw(table)} set published_date = ${start}, publication_end_date = ${end} where id = ${Number(key)}`);
  return start;
}

const HISTORY = 'statusHistory { status effectiveOn recordedAt reason cause causeId correction }';
const PENALTIES = `query($u: String!) { legalPerson(uscc: $u) {
  administrativePenalties(first: 100) { edges { node { id status underObjection } } }
  administrativePenaltiesOnFile(first: 100) { edges { node { id status underObjection publicationEndDate ${HISTORY} } } } } }`;

/** The penalty as the public sees it (null when not in a public list) and as the subject sees it on file. */
async function penaltyState(id: string) {
  const { body } = await gql('subject', PENALTIES, { u: subject.uscc });
  expect(body.errors).toBeUndefined();
  const lp = body.data.legalPerson;
  const shown = lp.administrativePenalties.edges.find((e: any) => e.node.id === id)?.node ?? null;
  const onFile = lp.administrativePenaltiesOnFile.edges.find((e: any) => e.node.id === id)?.node ?? null;
  return { shown, onFile };
}

const BUSINESS = `query($u: String!) { legalPerson(uscc: $u) {
  businessRecords(first: 100) { edges { node { id status underObjection } } }
  businessRecordsOnFile(first: 100) { edges { node { id status underObjection publicationEndDate ${HISTORY} } } } } }`;

async function businessState(id: string) {
  const { body } = await gql('subject', BUSINESS, { u: subject.uscc });
  expect(body.errors).toBeUndefined();
  const lp = body.data.legalPerson;
  return {
    shown: lp.businessRecords.edges.find((e: any) => e.node.id === id)?.node ?? null,
    onFile: lp.businessRecordsOnFile.edges.find((e: any) => e.node.id === id)?.node ?? null,
  };
}

const OBJECTION = `id recordId recordDomain recordType subjectType subjectId grounds status filedAt deadline overdue invalidReason
  decidingDepartment { name uscc } recordOutcome decisionReason correction decidedAt`;
const FILE = `mutation($i: FileObjectionInput!) { fileObjection(input: $i) { objection { ${OBJECTION} } } }`;
const DECIDE = `mutation($i: DecideObjectionInput!) { decideObjection(input: $i) { objection { ${OBJECTION} } } }`;
const MY_OBJECTIONS = `{ myObjections { ${OBJECTION} } }`;

async function myObjection(who: string, id: string) {
  const { body } = await gql(who, MY_OBJECTIONS);
  expect(body.errors).toBeUndefined();
  return body.data.myObjections.find((o: any) => o.id === id);
}

async function fileObjection(recordId: string, who = 'subject') {
  const { body } = await gql(who, FILE, { i: { recordId, grounds: '处罚决定已被行政复议撤销，记录应予撤销。' } });
  expect(body.errors).toBeUndefined();
  expect(body.data.fileObjection.objection.status).toBe('VERIFYING');
  const id = body.data.fileObjection.objection.id;
  return waitFor(() => myObjection(who, id), (o) => o.status !== 'VERIFYING', 'the domain to check the objection');
}

const APPLICATION = `id recordId recordDomain recordType status appliedAt feedbackDeadline decisionDeadline overdue repairableFrom
  decidingDepartment { name uscc } refusalReason decisionReason decidedAt commitment obligationsFulfilled`;
const APPLY = `mutation($i: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $i) { application { ${APPLICATION} } } }`;
const DECIDE_REPAIR = `mutation($i: DecideCreditRepairInput!) { decideCreditRepair(input: $i) { application { ${APPLICATION} } } }`;

async function myApplication(who: string, id: string) {
  const { body } = await gql(who, `{ myRepairApplications { ${APPLICATION} } }`);
  expect(body.errors).toBeUndefined();
  return body.data.myRepairApplications.find((a: any) => a.id === id);
}

async function applyForRepair(recordId: string, who = 'subject') {
  const { body } = await gql(who, APPLY, { i: { recordId, obligationsFulfilled: '罚款已于2026年11月10日缴清，违法行为已整改完毕。', commitment: '本单位承诺今后严格遵守食品安全法律法规，如有违反愿承担相应责任。' } });
  expect(body.errors).toBeUndefined();
  expect(body.data.applyForCreditRepair.application.status).toBe('VERIFYING');
  const id = body.data.applyForCreditRepair.application.id;
  return waitFor(() => myApplication(who, id), (a) => a.status !== 'VERIFYING', 'the domain to check the application');
}

const errorOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions;

describe('status history', () => {
  it('starts with the publication, and a record past its window reads EXPIRED, off the public list and still on file', async () => {
    const fresh = await submitPenalty();
    const expired = await submitPenalty();
    await db.execute(sql`update government.administrative_penalty set published_date = '2025-01-10', publication_end_date = '2026-01-09' where id = ${Number(fromGlobalId(expired).key)}`);

    const a = await penaltyState(fresh);
    expect(a.shown).toMatchObject({ status: 'PUBLISHED', underObjection: false });
    expect(a.onFile.statusHistory).toEqual([{ status: 'PUBLISHED', effectiveOn: today(), recordedAt: null, reason: null, cause: null, causeId: null, correction: null }]);

    const b = await penaltyState(expired);
    expect(b.shown).toBeNull();
    expect(b.onFile.status).toBe('EXPIRED');
    expect(b.onFile.statusHistory.map((s: any) => [s.status, s.effectiveOn])).toEqual([
      ['PUBLISHED', '2025-01-10'],
      ['EXPIRED', '2026-01-10'],
    ]);
  });

  it('is readable by the public on the public list (statement-count.test.ts shows it batched across subjects)', async () => {
    const { body } = await gql('public', `query($u: String!) { legalPerson(uscc: $u) { administrativePenalties { edges { node { status underObjection statusHistory { status } } } } } }`, { u: subject.uscc });
    expect(body.errors).toBeUndefined();
    expect(body.data.legalPerson.administrativePenalties.edges.length).toBeGreaterThan(0);
    for (const e of body.data.legalPerson.administrativePenalties.edges) expect(e.node.statusHistory[0].status).toBe('PUBLISHED');
  });
});

describe('objections (异议)', () => {
  it('upheld with revocation: marked publicly while under review, revoked by its domain, off the public list, on file with its history', async () => {
    const record = await submitPenalty();
    const objection = await fileObjection(record);
    expect(objection).toMatchObject({
      status: 'UNDER_REVIEW',
      recordId: record,
      recordDomain: 'GOVERNMENT',
      recordType: 'AdministrativePenalty',
      subjectType: 'LEGAL_PERSON',
      subjectId: subject.uscc,
      deadline: addCalendarDays(today(), 20),
      overdue: false,
      decidingDepartment: { name: market.name, uscc: market.uscc },
      decidedAt: null,
    });
    // The public sees the mark.
    const pub = await gql('public', `query($u: String!) { legalPerson(uscc: $u) { administrativePenalties(first: 100) { edges { node { id underObjection } } } } }`, { u: subject.uscc });
    expect(pub.body.data.legalPerson.administrativePenalties.edges.find((e: any) => e.node.id === record).node.underObjection).toBe(true);
    // The department sees it among its pending objections; another department does not.
    const pending = await gql('market', `{ departmentObjections(status: UNDER_REVIEW) { id } }`);
    expect(pending.body.data.departmentObjections.map((o: any) => o.id)).toContain(objection.id);
    const elsewhere = await gql('tax', `{ departmentObjections { id } }`);
    expect(elsewhere.body.data.departmentObjections.map((o: any) => o.id)).not.toContain(objection.id);

    // Only the deciding department decides.
    const denied = await gql('tax', DECIDE, { i: { objectionId: objection.id, decision: 'REVOKE', reason: '复议撤销' } });
    expect(errorOf(denied.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_DECIDING_DEPARTMENT' });
    const notDept = await gql('admin', DECIDE, { i: { objectionId: objection.id, decision: 'REVOKE', reason: '复议撤销' } });
    expect(errorOf(notDept.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_DEPARTMENT' });
    const anonymous = await gql('public', DECIDE, { i: { objectionId: objection.id, decision: 'REVOKE', reason: '复议撤销' } });
    expect(errorOf(anonymous.body)).toMatchObject({ code: 'FORBIDDEN' });

    const decided = await gql('market', DECIDE, { i: { objectionId: objection.id, decision: 'REVOKE', reason: '处罚决定已被复议机关撤销' } });
    expect(decided.body.errors).toBeUndefined();
    expect(decided.body.data.decideObjection.objection).toMatchObject({ status: 'UPHELD', recordOutcome: 'REVOKED', decisionReason: '处罚决定已被复议机关撤销' });
    expect(decided.body.data.decideObjection.objection.decidedAt).toBeTruthy();

    const state = await waitFor(() => penaltyState(record), (s) => s.onFile.status === 'REVOKED', 'the revocation to reach the record');
    expect(state.shown).toBeNull();
    expect(state.onFile.underObjection).toBe(false);
    expect(state.onFile.statusHistory.map((s: any) => s.status)).toEqual(['PUBLISHED', 'REVOKED']);
    expect(state.onFile.statusHistory[1]).toMatchObject({ effectiveOn: today(), reason: '处罚决定已被复议机关撤销', cause: 'OBJECTION', causeId: objection.id });
    expect(state.onFile.statusHistory[1].recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // Decided twice: the first decision stands.
    const again = await gql('market', DECIDE, { i: { objectionId: objection.id, decision: 'REJECT', reason: '再议' } });
    expect(errorOf(again.body)).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
    // A revoked record takes no more objections.
    expect((await fileObjection(record)).invalidReason).toBe('REVOKED');
  });

  it('upheld with a correction: the record stays public as CORRECTED with the correction on its history', async () => {
    const record = await submitPenalty();
    const objection = await fileObjection(record);
    const missing = await gql('market', DECIDE, { i: { objectionId: objection.id, decision: 'CORRECT', reason: '罚款金额有误' } });
    expect(errorOf(missing.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.correction', reason: 'REQUIRED' });
    const stray = await gql('market', DECIDE, { i: { objectionId: objection.id, decision: 'REJECT', reason: '无误', correction: '罚款金额' } });
    expect(errorOf(stray.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.correction', reason: 'NOT_ALLOWED' });
    const noReason = await gql('market', DECIDE, { i: { objectionId: objection.id, decision: 'REJECT', reason: '  ' } });
    expect(errorOf(noReason.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.reason', reason: 'REQUIRED' });

    const decided = await gql('market', DECIDE, { i: { objectionId: objection.id, decision: 'CORRECT', reason: '罚款金额录入有误', correction: '罚款金额更正为人民币5000元' } });
    expect(decided.body.data.decideObjection.objection).toMatchObject({ status: 'UPHELD', recordOutcome: 'CORRECTED', correction: '罚款金额更正为人民币5000元' });
    const state = await waitFor(() => penaltyState(record), (s) => s.onFile.status === 'CORRECTED', 'the correction');
    expect(state.shown).toMatchObject({ status: 'CORRECTED', underObjection: false });
    expect(state.onFile.statusHistory[1]).toMatchObject({ status: 'CORRECTED', correction: '罚款金额更正为人民币5000元', cause: 'OBJECTION' });
  });

  it('rejected with reasons: the record stands, the mark is cleared, nothing is added to its history', async () => {
    const record = await submitBusinessRecord();
    const objection = await fileObjection(record);
    expect(objection).toMatchObject({ status: 'UNDER_REVIEW', recordDomain: 'BUSINESS', recordType: 'BusinessRecord' });
    expect((await businessState(record)).shown.underObjection).toBe(true);
    const decided = await gql('market', DECIDE, { i: { objectionId: objection.id, decision: 'REJECT', reason: '经复核，记录准确' } });
    expect(decided.body.data.decideObjection.objection).toMatchObject({ status: 'REJECTED', recordOutcome: null, decisionReason: '经复核，记录准确' });
    const state = await waitFor(() => businessState(record), (s) => s.onFile.underObjection === false, 'the mark to clear');
    expect(state.shown).toMatchObject({ status: 'PUBLISHED', underObjection: false });
    expect(state.onFile.statusHistory.map((s: any) => s.status)).toEqual(['PUBLISHED']);
  });

  it('is invalid for a record of another subject (NOT_SELF) or one not on file (UNKNOWN_RECORD), and the record is not marked', async () => {
    const record = await submitPenalty();
    const foreign = await fileObjection(record, 'other');
    expect(foreign).toMatchObject({ status: 'INVALID', invalidReason: 'NOT_SELF', decidingDepartment: null });
    expect((await penaltyState(record)).shown.underObjection).toBe(false);
    const unknown = await fileObjection(toGlobalId('government', 'AdministrativePenalty', 999_999_999));
    expect(unknown).toMatchObject({ status: 'INVALID', invalidReason: 'UNKNOWN_RECORD' });
    // An invalid objection cannot be decided.
    const decided = await gql('market', DECIDE, { i: { objectionId: foreign.id, decision: 'REJECT', reason: '—' } });
    expect(errorOf(decided.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_DECIDING_DEPARTMENT' });
  });

  it('works for natural persons too: a person objects to its own social record', async () => {
    const person = SHOWCASE_PERSON_ID;
    h.person = { authorization: `Bearer ${await t.auth.token('subject', person, { subjectType: 'NATURAL_PERSON' })}` };
    const { body } = await gql('public', `query($id: ID!) { naturalPerson(id: $id) { socialRecords { edges { node { id underObjection } } } } }`, { id: person });
    const record = body.data.naturalPerson.socialRecords.edges[0].node.id;
    const objection = await fileObjection(record, 'person');
    expect(objection).toMatchObject({ status: 'UNDER_REVIEW', subjectType: 'NATURAL_PERSON', subjectId: person, recordDomain: 'SOCIAL' });
    // While it is open, nobody files a second one.
    const foreign = await gql('subject', FILE, { i: { recordId: record, grounds: '理由' } });
    expect(errorOf(foreign.body)).toMatchObject({ code: 'CONFLICT', reason: 'OBJECTION_OPEN' });
    const marked = await gql('public', `query($id: ID!) { naturalPerson(id: $id) { socialRecords { edges { node { id underObjection } } } } }`, { id: person });
    expect(marked.body.data.naturalPerson.socialRecords.edges.find((e: any) => e.node.id === record).node.underObjection).toBe(true);
  });

  it('refuses bad input, callers other than a subject, and a second open objection to the same record', async () => {
    const record = await submitPenalty();
    const bad = await gql('subject', FILE, { i: { recordId: 'not-an-id!', grounds: '理由' } });
    expect(errorOf(bad.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.recordId', reason: 'INVALID_ID' });
    const rating = await gql('subject', FILE, { i: { recordId: toGlobalId('business', 'CreditCommitment', 1), grounds: '理由' } });
    expect(errorOf(rating.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.recordId', reason: 'UNSUPPORTED_RECORD_TYPE' });
    const empty = await gql('subject', FILE, { i: { recordId: record, grounds: ' ' } });
    expect(errorOf(empty.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.grounds', reason: 'REQUIRED' });
    const long = await gql('subject', FILE, { i: { recordId: record, grounds: '长'.repeat(2001) } });
    expect(errorOf(long.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.grounds', reason: 'TOO_LONG' });
    for (const who of ['public', 'market']) {
      const r = await gql(who, FILE, { i: { recordId: record, grounds: '理由' } });
      expect(r.body.data?.fileObjection ?? null).toBeNull();
      expect(errorOf(r.body)).toMatchObject({ code: 'FORBIDDEN' });
    }
    const first = await gql('subject', FILE, { i: { recordId: record, grounds: '理由一' } });
    expect(first.body.errors).toBeUndefined();
    const second = await gql('subject', FILE, { i: { recordId: record, grounds: '理由二' } });
    expect(errorOf(second.body)).toMatchObject({ code: 'CONFLICT', reason: 'OBJECTION_OPEN' });
    const unknown = await gql('market', DECIDE, { i: { objectionId: '00000000-0000-4000-8000-000000000000', decision: 'REJECT', reason: '—' } });
    expect(errorOf(unknown.body)).toMatchObject({ code: 'NOT_FOUND' });
    const malformed = await gql('market', DECIDE, { i: { objectionId: 'x', decision: 'REJECT', reason: '—' } });
    expect(errorOf(malformed.body)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID' });
    const unregistered = await gql('unregistered', `{ departmentObjections { id } }`);
    expect(errorOf(unregistered.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'UNKNOWN_DEPARTMENT' });
    const subjectList = await gql('subject', `{ departmentObjections { id } }`);
    expect(errorOf(subjectList.body)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('shows an unanswered objection as overdue after its deadline, to the subject and the department', async () => {
    const record = await submitPenalty();
    const objection = await fileObjection(record);
    const overdueList = async () => (await gql('market', `{ departmentObjections(overdue: true) { id overdue } }`)).body.data.departmentObjections;
    expect((await overdueList()).map((o: any) => o.id)).not.toContain(objection.id);
    // Filed 21 days ago: its 20-day deadline was yesterday.
    await db.execute(sql`update platform.objection set filed_at = now() - interval '21 days', deadline = ${addCalendarDays(today(), -1)} where id = ${objection.id}`);
    expect(await myObjection('subject', objection.id)).toMatchObject({ overdue: true, status: 'UNDER_REVIEW' });
    expect(await overdueList()).toContainEqual({ id: objection.id, overdue: true });
    const notOverdue = (await gql('market', `{ departmentObjections(overdue: false) { id } }`)).body.data.departmentObjections;
    expect(notOverdue.map((o: any) => o.id)).not.toContain(objection.id);
    // Answered late, it is no longer overdue.
    await gql('market', DECIDE, { i: { objectionId: objection.id, decision: 'REJECT', reason: '经复核，记录准确' } });
    expect(await myObjection('subject', objection.id)).toMatchObject({ overdue: false, status: 'REJECTED' });
  });
});

describe('credit repair (信用修复)', () => {
  it('is refused as TOO_EARLY before the minimum publication period, with the first day it may be asked', async () => {
    const general = await submitPenalty();
    const refused = await applyForRepair(general);
    expect(refused).toMatchObject({ status: 'REFUSED', refusalReason: 'TOO_EARLY', repairableFrom: addMonths(today(), 3), decidingDepartment: null });
    expect(refused.decisionReason).toContain(addMonths(today(), 3));
    // Severe dishonesty waits a year: four months are not enough.
    const severe = await submitPenalty({ severity: 'SEVERE' });
    const start = await publishedMonthsAgo(severe, 4, 'SEVERE');
    expect(await applyForRepair(severe)).toMatchObject({ status: 'REFUSED', refusalReason: 'TOO_EARLY', repairableFrom: addMonths(start, 12) });
    expect((await penaltyState(severe)).shown.status).toBe('PUBLISHED');
  });

  it('approved: public display ends today, the record reads REPAIRED with its history, stays on file', async () => {
    const record = await submitPenalty();
    const start = await publishedMonthsAgo(record, 4);
    const accepted = await applyForRepair(record);
    expect(accepted).toMatchObject({
      status: 'UNDER_REVIEW',
      repairableFrom: addMonths(start, 3),
      feedbackDeadline: workingCalendar().addWorkingDays(today(), 10),
      decisionDeadline: workingCalendar().addWorkingDays(today(), 3),
      overdue: false,
      decidingDepartment: { name: market.name, uscc: market.uscc },
    });
    const pending = await gql('market', `{ departmentRepairApplications(status: UNDER_REVIEW) { id } }`);
    expect(pending.body.data.departmentRepairApplications.map((a: any) => a.id)).toContain(accepted.id);

    const denied = await gql('tax', DECIDE_REPAIR, { i: { applicationId: accepted.id, approve: true, reason: '—' } });
    expect(errorOf(denied.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_DECIDING_DEPARTMENT' });
    const approved = await gql('market', DECIDE_REPAIR, { i: { applicationId: accepted.id, approve: true, reason: '已履行法定义务并作出信用承诺' } });
    expect(approved.body.errors).toBeUndefined();
    expect(approved.body.data.decideCreditRepair.application).toMatchObject({ status: 'APPROVED', refusalReason: null, decisionReason: '已履行法定义务并作出信用承诺' });

    const state = await waitFor(() => penaltyState(record), (s) => s.onFile.status === 'REPAIRED', 'the repair to reach the record');
    expect(state.shown).toBeNull();
    expect(state.onFile.publicationEndDate).toBe(addCalendarDays(today(), -1));
    expect(state.onFile.statusHistory.map((s: any) => s.status)).toEqual(['PUBLISHED', 'REPAIRED']);
    expect(state.onFile.statusHistory[1]).toMatchObject({ effectiveOn: today(), cause: 'REPAIR', causeId: accepted.id, reason: '已履行法定义务并作出信用承诺' });

    const twice = await gql('market', DECIDE_REPAIR, { i: { applicationId: accepted.id, approve: false, reason: '—' } });
    expect(errorOf(twice.body)).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
    expect(await applyForRepair(record)).toMatchObject({ status: 'REFUSED', refusalReason: 'ALREADY_REPAIRED' });
  });

  it('refused by the department with reasons: the record keeps its status and public display', async () => {
    const record = await submitBusinessRecord();
    await publishedMonthsAgo(record, 5);
    const accepted = await applyForRepair(record);
    expect(accepted).toMatchObject({ status: 'UNDER_REVIEW', recordDomain: 'BUSINESS' });
    const noReason = await gql('market', DECIDE_REPAIR, { i: { applicationId: accepted.id, approve: false, reason: '' } });
    expect(errorOf(noReason.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.reason', reason: 'REQUIRED' });
    const refused = await gql('market', DECIDE_REPAIR, { i: { applicationId: accepted.id, approve: false, reason: '未提交整改完成的证明材料' } });
    expect(refused.body.data.decideCreditRepair.application).toMatchObject({ status: 'REFUSED', refusalReason: 'DEPARTMENT_REFUSED', decisionReason: '未提交整改完成的证明材料' });
    expect(await myApplication('subject', accepted.id)).toMatchObject({ status: 'REFUSED', decisionReason: '未提交整改完成的证明材料' });
    const state = await businessState(record);
    expect(state.shown).toMatchObject({ status: 'PUBLISHED' });
    expect(state.onFile.statusHistory.map((s: any) => s.status)).toEqual(['PUBLISHED']);
  });

  it('is refused for records that are not the subject’s, not negative, not public, or under objection', async () => {
    const record = await submitPenalty();
    await publishedMonthsAgo(record, 4);
    expect(await applyForRepair(record, 'other')).toMatchObject({ status: 'REFUSED', refusalReason: 'NOT_SELF' });
    const minor = await submitPenalty({ severity: 'MINOR', penaltyCategories: ['WARNING'], penaltyContent: '警告', fineAmount: null });
    expect(await applyForRepair(minor)).toMatchObject({ status: 'REFUSED', refusalReason: 'NOT_PUBLIC' });
    const positive = await submitBusinessRecord({ polarity: 'POSITIVE', severity: null, category: '守信激励', title: '安全生产标准化一级企业' });
    expect(await applyForRepair(positive)).toMatchObject({ status: 'REFUSED', refusalReason: 'NOT_NEGATIVE' });
    expect(await applyForRepair(toGlobalId('business', 'BusinessRecord', 999_999_999))).toMatchObject({ status: 'REFUSED', refusalReason: 'UNKNOWN_RECORD' });
    await fileObjection(record);
    expect(await applyForRepair(record)).toMatchObject({ status: 'REFUSED', refusalReason: 'UNDER_OBJECTION' });
    const expired = await submitPenalty();
    await db.execute(sql`update government.administrative_penalty set published_date = '2025-01-10', publication_end_date = '2026-01-09' where id = ${Number(fromGlobalId(expired).key)}`);
    expect(await applyForRepair(expired)).toMatchObject({ status: 'REFUSED', refusalReason: 'PUBLICATION_ENDED' });
  });

  it('refuses bad input and a second open application, and shows an undecided one overdue after its deadline', async () => {
    const record = await submitPenalty();
    await publishedMonthsAgo(record, 4);
    const missing = await gql('subject', APPLY, { i: { recordId: record, obligationsFulfilled: '已履行', commitment: ' ' } });
    expect(errorOf(missing.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.commitment', reason: 'REQUIRED' });
    const byDepartment = await gql('market', APPLY, { i: { recordId: record, obligationsFulfilled: '已履行', commitment: '承诺' } });
    expect(errorOf(byDepartment.body)).toMatchObject({ code: 'FORBIDDEN' });
    const accepted = await applyForRepair(record);
    const second = await gql('subject', APPLY, { i: { recordId: record, obligationsFulfilled: '已履行', commitment: '承诺' } });
    expect(errorOf(second.body)).toMatchObject({ code: 'CONFLICT', reason: 'APPLICATION_OPEN' });
    await db.execute(sql`update platform.repair_application set decision_deadline = ${addCalendarDays(today(), -1)} where id = ${accepted.id}`);
    expect(await myApplication('subject', accepted.id)).toMatchObject({ overdue: true });
    const overdue = await gql('market', `{ departmentRepairApplications(overdue: true) { id } }`);
    expect(overdue.body.data.departmentRepairApplications.map((a: any) => a.id)).toContain(accepted.id);
  });
});

describe('events: delivered twice or crashed mid-handler, applied once', () => {
  const event = (topic: string, key: string, payload: Record<string, unknown>, attempt = 1): DeliveredEvent => ({
    seq: 0,
    topic,
    key,
    producer: 'platform',
    subjectType: 'LEGAL_PERSON',
    subjectId: subject.uscc,
    payload,
    createdAt: new Date().toISOString(),
    attempt,
  });
  const history = async (recordId: number) =>
    rows<{ status: string; cause_id: string }>(db, sql`select status, cause_id from government.record_status_history where record_type = 'AdministrativePenalty' and record_id = ${recordId}`);

  it('a decision rolled back by a crash applies nothing; applied twice it writes one history row', async () => {
    const record = await submitPenalty();
    const key = Number(fromGlobalId(record).key);
    const handler = SUBGRAPHS.government.eventHandlers![lifecycleTopic.objectionDecided('government')]!;
    const objectionId = '11111111-1111-4111-8111-111111111111';
    await db.execute(sql`update government.administrative_penalty set objection_id = ${objectionId} where id = ${key}`);
    const decided = event(lifecycleTopic.objectionDecided('government'), objectionId, {
      objectionId,
      recordType: 'AdministrativePenalty',
      recordKey: String(key),
      outcome: 'REVOKED',
      reason: '复议撤销',
      correction: null,
      decidedOn: today(),
    });
    // The consumer's transaction: the handler's writes and the DONE mark commit together, or neither.
    await expect(
      db.transaction(async (tx) => {
        await handler(tx as unknown as Drizzle, decided);
        throw new Error('killed before the DONE mark');
      }),
    ).rejects.toThrow('killed');
    expect(await history(key)).toEqual([]);
    expect((await penaltyState(record)).shown).toMatchObject({ status: 'PUBLISHED', underObjection: true });

    for (const attempt of [2, 3]) await db.transaction((tx) => handler(tx as unknown as Drizzle, { ...decided, attempt }));
    expect(await history(key)).toEqual([{ status: 'REVOKED', cause_id: objectionId }]);
    const state = await penaltyState(record);
    expect(state.onFile).toMatchObject({ status: 'REVOKED', underObjection: false });
    expect(state.onFile.statusHistory.map((s: any) => s.status)).toEqual(['PUBLISHED', 'REVOKED']);
  });

  it('a repair approval delivered twice ends the display once; a filing delivered twice answers once', async () => {
    const record = await submitPenalty();
    const key = Number(fromGlobalId(record).key);
    await publishedMonthsAgo(record, 6);
    const approve = SUBGRAPHS.government.eventHandlers![lifecycleTopic.repairApproved('government')]!;
    const applicationId = '22222222-2222-4222-8222-222222222222';
    const approved = event(lifecycleTopic.repairApproved('government'), applicationId, { applicationId, recordType: 'AdministrativePenalty', recordKey: String(key), reason: '准予修复', decidedOn: today() });
    await db.transaction((tx) => approve(tx as unknown as Drizzle, approved));
    // A day later (say) it comes again: the end of display stays where the first delivery put it.
    await db.transaction((tx) => approve(tx as unknown as Drizzle, { ...approved, attempt: 2, payload: { ...approved.payload, decidedOn: addCalendarDays(today(), 1) } }));
    expect(await history(key)).toEqual([{ status: 'REPAIRED', cause_id: applicationId }]);
    expect((await penaltyState(record)).onFile).toMatchObject({ status: 'REPAIRED', publicationEndDate: addCalendarDays(today(), -1) });
    // The status alone keeps it off public lists (inPublicWindow), whatever its window says.
    await db.execute(sql`update government.administrative_penalty set publication_end_date = ${addCalendarDays(today(), 30)} where id = ${key}`);
    expect((await penaltyState(record)).shown).toBeNull();

    const filed = SUBGRAPHS.government.eventHandlers![lifecycleTopic.objectionFiled('government')]!;
    const other = await submitPenalty();
    const objectionId = '33333333-3333-4333-8333-333333333333';
    const filing = event(lifecycleTopic.objectionFiled('government'), objectionId, { objectionId, recordType: 'AdministrativePenalty', recordKey: fromGlobalId(other).key, subjectType: 'LEGAL_PERSON', subjectId: subject.uscc });
    for (const attempt of [1, 2]) await db.transaction((tx) => filed(tx as unknown as Drizzle, { ...filing, attempt }));
    const replies = await rows<{ n: unknown }>(db, sql`select count(*) as n from events.event where topic = 'objection.verified' and key = ${objectionId}`);
    expect(Number(replies[0]!.n)).toBe(1);
    expect((await penaltyState(other)).shown.underObjection).toBe(true);
  });
});

const COMMITMENT = 'id subjectUscc type content madeOn validUntil status madeThrough recipient { name uscc } breachRecordId breachedOn';
async function commitments(uscc = subject.uscc) {
  const { body } = await gql('public', `query($u: String!) { legalPerson(uscc: $u) { creditCommitments(first: 100) { totalCount edges { node { ${COMMITMENT} } } } } }`, { u: uscc });
  expect(body.errors).toBeUndefined();
  return body.data.legalPerson.creditCommitments.edges.map((e: any) => e.node);
}
const MAKE = `mutation($i: MakeCreditCommitmentInput!) { makeCreditCommitment(input: $i) { commitment { ${COMMITMENT} } } }`;
const SUBMIT_COMMITMENT = `mutation($i: SubmitCreditCommitmentInput!) { submitCreditCommitment(input: $i) { commitment { ${COMMITMENT} } } }`;
const BREACH = `mutation($i: RecordCreditCommitmentBreachInput!) { recordCreditCommitmentBreach(input: $i) { commitment { ${COMMITMENT} } record { id sector category polarity severity status title subjectName } } }`;

describe('credit commitments (信用承诺, task 15)', () => {
  it('made by the subject: public on the legal person in the standard format', async () => {
    const validUntil = addCalendarDays(today(), 365);
    const made = await gql('subject', MAKE, { i: { type: 'INDUSTRY_SELF_DISCIPLINE', content: '诚信经营，不制售假冒伪劣商品。', validUntil } });
    expect(made.body.errors).toBeUndefined();
    const c = made.body.data.makeCreditCommitment.commitment;
    expect(c).toMatchObject({ subjectUscc: subject.uscc, type: 'INDUSTRY_SELF_DISCIPLINE', madeOn: today(), validUntil, status: 'ACTIVE', madeThrough: 'SUBJECT', recipient: null, breachRecordId: null });
    expect(await commitments()).toContainEqual(c);

    const past = await gql('subject', MAKE, { i: { type: 'INDUSTRY_SELF_DISCIPLINE', content: '承诺', validUntil: '2020-01-01' } });
    expect(errorOf(past.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.validUntil' });
    const empty = await gql('subject', MAKE, { i: { type: 'INDUSTRY_SELF_DISCIPLINE', content: ' ' } });
    expect(errorOf(empty.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.content', reason: 'REQUIRED' });
    const person = await gql('public', MAKE, { i: { type: 'INDUSTRY_SELF_DISCIPLINE', content: '承诺' } }, );
    expect(errorOf(person.body)).toMatchObject({ code: 'FORBIDDEN' });
    const natural = await post(t.stack.gatewayUrl, MAKE, { i: { type: 'INDUSTRY_SELF_DISCIPLINE', content: '承诺' } }, { authorization: `Bearer ${await t.auth.token('subject', 'person-1', { subjectType: 'NATURAL_PERSON' })}` });
    expect(errorOf(natural.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'LEGAL_PERSONS_ONLY' });
  });

  it('submitted by a department, which is its recipient; past its period it reads EXPIRED', async () => {
    const sent = await gql('market', SUBMIT_COMMITMENT, { i: { subjectUscc: subject.uscc, type: 'CERTIFICATION_NOTIFICATION', content: '承诺所报材料真实有效。', madeOn: '2024-03-01', validUntil: '2025-02-28' } });
    expect(sent.body.errors).toBeUndefined();
    expect(sent.body.data.submitCreditCommitment.commitment).toMatchObject({ madeThrough: 'DEPARTMENT', status: 'EXPIRED', recipient: { name: market.name, uscc: market.uscc } });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ subjectUscc: '912102000000003341' }, 'input.subjectUscc', 'CHECK_CHARACTER'],
      [{ madeOn: addCalendarDays(today(), 2) }, 'input.madeOn', 'IN_THE_FUTURE'],
      [{ validUntil: '2024-02-01' }, 'input.validUntil', 'BEFORE_MADE_ON'],
    ];
    for (const [change, argument, reason] of cases) {
      const bad = await gql('market', SUBMIT_COMMITMENT, { i: { subjectUscc: subject.uscc, type: 'APPROVAL_SUBSTITUTE', content: '承诺', madeOn: '2024-03-01', ...change } });
      expect(errorOf(bad.body), argument).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
    }
    const court = await post(t.stack.gatewayUrl, SUBMIT_COMMITMENT, { i: { subjectUscc: subject.uscc, type: 'APPROVAL_SUBSTITUTE', content: '承诺', madeOn: '2024-03-01' } }, { authorization: `Bearer ${await t.auth.token('department', 'dl-court', { scopes: ['gov:internal', 'gov:write:business'] })}` });
    expect(errorOf(court.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'DOMAIN_NOT_ALLOWED' });
  });

  it('a breach becomes a negative business record in the same transaction, shown in the public lists; breached once', async () => {
    const sent = await gql('market', SUBMIT_COMMITMENT, { i: { subjectUscc: subject.uscc, type: 'APPROVAL_SUBSTITUTE', content: '承诺在开业前取得消防安全检查合格证。', madeOn: '2026-06-01', validUntil: '2027-05-31' } });
    const commitment = sent.body.data.submitCreditCommitment.commitment;
    const documentNumber = `大市监诺〔2026〕${Math.floor(Math.random() * 1e9)}号`;
    const breach = { commitmentId: commitment.id, subjectName: subject.name, facts: '承诺期内未取得消防安全检查合格证即开业。', documentNumber, decisionDate: '2026-11-20' };
    const bySubject = await gql('subject', BREACH, { i: breach });
    expect(errorOf(bySubject.body)).toMatchObject({ code: 'FORBIDDEN' });
    const early = await gql('market', BREACH, { i: { ...breach, decisionDate: '2026-05-01' } });
    expect(errorOf(early.body)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.decisionDate', reason: 'TOO_EARLY' });

    const recorded = await gql('market', BREACH, { i: breach });
    expect(recorded.body.errors).toBeUndefined();
    const { commitment: broken, record } = recorded.body.data.recordCreditCommitmentBreach;
    expect(broken).toMatchObject({ status: 'BREACHED', breachRecordId: record.id, breachedOn: '2026-11-20' });
    expect(record).toMatchObject({ sector: 'CREDIT_COMMITMENT', category: '违背信用承诺', polarity: 'NEGATIVE', severity: 'GENERAL', status: 'PUBLISHED', subjectName: subject.name });
    const shown = await businessState(record.id);
    expect(shown.shown).toMatchObject({ status: 'PUBLISHED' });
    expect((await commitments()).find((c: any) => c.id === commitment.id)).toMatchObject({ status: 'BREACHED' });

    const count = async () => Number((await rows<{ n: unknown }>(db, sql`select count(*) as n from business.sector_record where sector = 'CREDIT_COMMITMENT' and subject_uscc = ${subject.uscc}`))[0]!.n);
    const before = await count();
    const twice = await gql('market', BREACH, { i: { ...breach, documentNumber: `${documentNumber}-2` } });
    expect(errorOf(twice.body)).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_BREACHED' });
    // A duplicate document number leaves the other commitment untouched: nothing half-written.
    const another = (await gql('market', SUBMIT_COMMITMENT, { i: { subjectUscc: subject.uscc, type: 'APPROVAL_SUBSTITUTE', content: '承诺', madeOn: '2026-06-01' } })).body.data.submitCreditCommitment.commitment;
    const duplicate = await gql('market', BREACH, { i: { ...breach, commitmentId: another.id } });
    expect(errorOf(duplicate.body)).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_DOCUMENT' });
    expect((await commitments()).find((c: any) => c.id === another.id)).toMatchObject({ status: 'ACTIVE', breachRecordId: null });
    expect(await count()).toBe(before);
    const unknown = await gql('market', BREACH, { i: { ...breach, commitmentId: toGlobalId('business', 'CreditCommitment', 999_999_999) } });
    expect(errorOf(unknown.body)).toMatchObject({ code: 'NOT_FOUND' });
    const wrongType = await gql('market', BREACH, { i: { ...breach, commitmentId: record.id } });
    expect(errorOf(wrongType.body)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID' });
  });

  it('a repair application accepted for review publishes its commitment once, however often the event comes', async () => {
    const repairCommitments = async () => (await commitments()).filter((c: any) => c.type === 'CREDIT_REPAIR');
    const earlier = (await repairCommitments()).length;
    const record = await submitPenalty();
    await publishedMonthsAgo(record, 4);
    const accepted = await applyForRepair(record);
    const published = await waitFor(repairCommitments, (list) => list.length === earlier + 1, 'the repair commitment');
    expect(published[0]).toMatchObject({ madeOn: today(), madeThrough: 'REPAIR_APPLICATION', status: 'ACTIVE', recipient: { uscc: market.uscc } });
    expect(published[0].content).toMatch(/^本单位承诺/);
    const before = published.length;
    const handler = SUBGRAPHS.business.eventHandlers![lifecycleTopic.commitmentMade]!;
    const payload = { sourceKey: `repair:${accepted.id}`, subjectUscc: subject.uscc, type: 'CREDIT_REPAIR', content: '本单位承诺……', madeOn: today(), recipient: null };
    await db.transaction((tx) => handler(tx as unknown as Drizzle, { seq: 0, topic: lifecycleTopic.commitmentMade, key: payload.sourceKey, producer: 'platform', subjectType: 'LEGAL_PERSON', subjectId: subject.uscc, payload, createdAt: '', attempt: 2 }));
    expect(await repairCommitments()).toHaveLength(before);
  });
});

describe('demo seed', () => {
  it('holds one objection under review on the showcase enterprise and one approved repair, with its commitment', async () => {
    const uscc = SHOWCASE.enterprise.uscc;
    const token = { authorization: `Bearer ${await t.auth.token('subject', uscc, { subjectType: 'LEGAL_PERSON' })}` };
    const mine = await post(t.stack.gatewayUrl, `{ myObjections { status recordId decidingDepartment { uscc } } }`, {}, token);
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.myObjections).toMatchObject([{ status: 'UNDER_REVIEW' }]);
    const pub = await post(t.stack.gatewayUrl, `query($u: String!) { legalPerson(uscc: $u) { administrativePenalties(first: 100) { edges { node { id underObjection } } } } }`, { u: uscc });
    expect(pub.body.data.legalPerson.administrativePenalties.edges.filter((e: any) => e.node.underObjection).map((e: any) => e.node.id)).toEqual([mine.body.data.myObjections[0].recordId]);

    const [repair] = await rows<{ subject_id: string; record_id: string; status: string }>(db, sql`select subject_id, record_id, status from platform.repair_application where decided_by = 'seed'`);
    expect(repair).toMatchObject({ status: 'APPROVED' });
    const owner = { authorization: `Bearer ${await t.auth.token('subject', repair!.subject_id, { subjectType: 'LEGAL_PERSON' })}` };
    const q = `query($u: String!) { legalPerson(uscc: $u) {
      administrativePenalties(first: 100) { edges { node { id } } }
      administrativePenaltiesOnFile(first: 100) { edges { node { id status statusHistory { status cause } } } }
      creditCommitments { edges { node { type madeThrough } } } } }`;
    const { body } = await post(t.stack.gatewayUrl, q, { u: repair!.subject_id }, owner);
    const lp = body.data.legalPerson;
    const repaired = lp.administrativePenaltiesOnFile.edges.find((e: any) => e.node.id === repair!.record_id).node;
    expect(repaired).toMatchObject({ status: 'REPAIRED', statusHistory: [{ status: 'PUBLISHED', cause: null }, { status: 'REPAIRED', cause: 'REPAIR' }] });
    expect(lp.administrativePenalties.edges.map((e: any) => e.node.id)).not.toContain(repaired.id);
    expect(lp.creditCommitments.edges.map((e: any) => e.node)).toContainEqual({ type: 'CREDIT_REPAIR', madeThrough: 'REPAIR_APPLICATION' });
  });
});

describe('wiring', () => {
  it('every lifecycle record type the platform accepts is one its domain handles, and no other', () => {
    const lifecycles = { government: governmentLifecycle, business: businessLifecycle, social: socialLifecycle, judicial: judicialLifecycle };
    for (const domain of LIFECYCLE_DOMAINS) expect(Object.keys(lifecycles[domain].types).sort(), domain).toEqual([...LIFECYCLE_RECORD_TYPES[domain]].sort());
  });
});
