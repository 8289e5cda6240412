import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { lifecycle as businessLifecycle } from '../../subgraphs/business/store.ts';
import { addCalendarDays, shanghaiDate } from '../../subgraphs/kernel/calendar.ts';
import { type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import { lockRecord, recordStatusChange } from '../../subgraphs/kernel/lifecycle/records.ts';
import { openCases } from '../../subgraphs/platform/sanctions-store.ts';
import { post, useTestStack } from '../support/stack.ts';

/**
 * Statistics, 月报 and early warning through the gateway: figures move when a submission's
 * record event is applied, once however often it is delivered; internal callers only.
 */
const t = useTestStack();
let db: Drizzle;
const h: Record<string, Record<string, string>> = {};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let subjects: { uscc: string; name: string; district: string; industry: string }[];
const departments = new Map<string, string>();

const today = shanghaiDate();
const daysAgo = (n: number) => addCalendarDays(today, -n);
const AUTHORITY = { authorityName: '大连市应急管理局', authorityUscc: '11210202000000019H' };
const unique = () => `统计〔2026〕${Math.floor(Math.random() * 1e9)}号`;

beforeAll(async () => {
  db = t.database.drizzle('test');
  // Enterprises with a district and an industry, none of which the seed gave negative records lately.
  subjects = await rows<{ uscc: string; name: string; district: string; industry: string }>(
    db,
    sql`select uscc, name, division_code::text as district, industry_code::text as industry from platform.legal_person
        where kind = 'ENTERPRISE' and industry_code is not null order by uscc desc limit 7`,
  );
  for (const d of await rows<{ code: string; uscc: string }>(db, sql`select code, uscc from access.department`)) departments.set(d.code, d.uscc.trim());
  h.market = bearer(await t.auth.token('department', 'dl-market', { scopes: ['gov:internal', 'gov:write:government', 'gov:write:business'] }));
  h.agency = bearer(await t.auth.token('agency', '91350100M000100Y43', { scopes: ['credit:authorized'] }));
  h.writer = bearer(await t.auth.token('department', 'dl-market', { scopes: ['gov:write:business'] }));
  h.public = {};
});

const gql = (who: string, query: string, variables: Record<string, unknown> = {}) => post(t.stack.gatewayUrl, query, variables, h[who]);

/** Until platform has applied every event addressed to it (the consumer polls every 250 ms). */
async function settled(): Promise<void> {
  const until = Date.now() + 20_000;
  for (;;) {
    const [r] = await rows<{ n: unknown }>(db, sql`select count(*) as n from events.delivery where consumer = 'platform' and status = 'PENDING'`);
    if (Number(r!.n) === 0) return;
    if (Date.now() > until) throw new Error('timed out waiting for platform to apply its events');
    await new Promise((res) => setTimeout(res, 50));
  }
}

function businessRecord(subject: (typeof subjects)[number], overrides: Record<string, unknown> = {}) {
  return {
    sector: 'SAFETY_PRODUCTION', category: '安全生产不良记录', subjectCategory: 'LEGAL_PERSON', subjectName: subject.name, subjectUscc: subject.uscc,
    polarity: 'NEGATIVE', severity: 'GENERAL', title: '未履行安全生产义务', facts: '经查，当事人未按规定履行安全生产义务。',
    documentNumber: unique(), decisionDate: daysAgo(10), ...AUTHORITY, ...overrides,
  };
}

function penalty(subject: (typeof subjects)[number], overrides: Record<string, unknown> = {}) {
  return {
    subjectName: subject.name, subjectCategory: 'LEGAL_PERSON', subjectUscc: subject.uscc, documentNumber: unique(), violationType: '违法',
    violationFacts: '事实', legalBasis: '依据', penaltyCategories: ['WARNING'], penaltyContent: '警告', decisionDate: today, ...AUTHORITY, ...overrides,
  };
}

async function submitBusiness(records: unknown[]) {
  const { body } = await gql('market', `mutation($r: [BusinessRecordInput!]!) { submitBusinessRecords(input: { records: $r }) { accepted rejected results { id status } } }`, { r: records });
  expect(body.errors).toBeUndefined();
  return body.data.submitBusinessRecords as { accepted: number; rejected: number; results: { id: string | null; status: string }[] };
}

async function submitPenalties(records: unknown[]) {
  const { body } = await gql('market', `mutation($r: [AdministrativePenaltyInput!]!) { submitAdministrativePenalties(input: { records: $r }) { accepted rejected results { id status } } }`, { r: records });
  expect(body.errors).toBeUndefined();
  return body.data.submitAdministrativePenalties as { accepted: number; rejected: number };
}

const CELL = `domain district { code name } industry { code name } month records negativeRecords positiveRecords penalties withdrawnRecords inForceRecords listings { listType count }`;
const STATISTICS = `query($f: CreditStatisticsFilter!, $g: [StatisticsDimension!]!) { creditStatistics(filter: $f, groupBy: $g) { ${CELL} } }`;

async function cells(filter: Record<string, unknown>, groupBy: string[]) {
  const { body } = await gql('market', STATISTICS, { f: filter, g: groupBy });
  expect(body.errors).toBeUndefined();
  return body.data.creditStatistics as Record<string, any>[];
}

const month = (day: string) => day.slice(0, 7);

describe('creditStatistics', () => {
  it('counts a submission once its event is applied, in the subject’s district and industry cell', async () => {
    const s = subjects[0]!;
    const day = daysAgo(10);
    const filter = { fromMonth: month(day), toMonth: month(day), districts: [s.district], industries: [s.industry] };
    const groupBy = ['DOMAIN', 'DISTRICT', 'INDUSTRY', 'MONTH'];
    await settled();
    const before = await cells(filter, groupBy);
    const business = (list: Record<string, any>[]) => list.find((c) => c.domain === 'BUSINESS') ?? { records: 0, negativeRecords: 0, positiveRecords: 0, penalties: 0 };
    const government = (list: Record<string, any>[]) => list.find((c) => c.domain === 'GOVERNMENT') ?? { records: 0, penalties: 0, negativeRecords: 0 };

    await submitBusiness([businessRecord(s, { decisionDate: day }), businessRecord(s, { decisionDate: day, polarity: 'POSITIVE', severity: null, category: '守信激励' }), businessRecord(s, { decisionDate: day, severity: 'SEVERE' })]);
    await submitPenalties([penalty(s, { decisionDate: day })]);
    await settled();
    const after = await cells(filter, groupBy);
    expect(business(after)).toMatchObject({
      domain: 'BUSINESS',
      district: { code: s.district },
      industry: { code: s.industry },
      month: month(day),
      records: business(before).records + 3,
      negativeRecords: business(before).negativeRecords + 2,
      positiveRecords: business(before).positiveRecords + 1,
      penalties: business(before).penalties,
    });
    expect(government(after)).toMatchObject({ records: government(before).records + 1, penalties: government(before).penalties + 1, negativeRecords: government(before).negativeRecords + 1 });

    // Grouped by nothing: one total cell with the same sums.
    const [total] = await cells(filter, []);
    expect(total).toMatchObject({ domain: null, district: null, industry: null, month: null, records: after.reduce((n, c) => n + c.records, 0) });
    // Narrowed to a domain.
    const only = await cells({ ...filter, domains: ['GOVERNMENT'] }, ['DOMAIN']);
    expect(only.map((c) => c.domain)).toEqual(['GOVERNMENT']);
  });

  it('applies a redelivered event once (the event key is remembered)', async () => {
    const s = subjects[1]!;
    const day = daysAgo(12);
    const filter = { fromMonth: month(day), toMonth: month(day), districts: [s.district], industries: [s.industry], domains: ['BUSINESS'] };
    await submitBusiness([businessRecord(s, { decisionDate: day })]);
    await settled();
    const once = await cells(filter, []);
    const [last] = await rows<{ seq: unknown }>(db, sql`select max(seq) as seq from events.event where topic = 'credit-record.published' and producer = 'business'`);
    // Delivered again, as after a crash between the handler's commit and … nothing: at least once.
    await db.execute(sql`update events.delivery set status = 'PENDING', attempts = 0, next_attempt_at = now(), done_at = null where consumer = 'platform' and seq = ${Number(last!.seq)}`);
    await settled();
    const [delivery] = await rows<{ status: string; attempts: number }>(db, sql`select status, attempts from events.delivery where consumer = 'platform' and seq = ${Number(last!.seq)}`);
    expect(delivery).toMatchObject({ status: 'DONE', attempts: 1 });
    expect(await cells(filter, [])).toEqual(once);
  });

  it('counts revoked records as withdrawn, no longer in force', async () => {
    const s = subjects[2]!;
    const day = daysAgo(15);
    const filter = { fromMonth: month(day), toMonth: month(day), districts: [s.district], industries: [s.industry], domains: ['BUSINESS'] };
    const submitted = await submitBusiness([businessRecord(s, { decisionDate: day })]);
    await settled();
    const [before] = await cells(filter, []);
    const key = Buffer.from(submitted.results[0]!.id!, 'base64url').toString().split(':')[2]!;
    await db.transaction(async (tx) => {
      const record = await lockRecord(tx as unknown as Drizzle, businessLifecycle.types.BusinessRecord!, key);
      await recordStatusChange(tx as unknown as Drizzle, businessLifecycle, 'BusinessRecord', record!, { status: 'REVOKED', effectiveOn: today, reason: '撤销', causeType: 'OBJECTION', causeId: `stats-${key}` });
    });
    await settled();
    const [after] = await cells(filter, []);
    expect(after).toMatchObject({ records: before!.records, withdrawnRecords: before!.withdrawnRecords + 1, inForceRecords: before!.inForceRecords - 1 });
  });

  it('refuses a bad filter with the argument and the reason', async () => {
    const cases: [Record<string, unknown>, string[], string, string][] = [
      [{ fromMonth: '2026-13', toMonth: '2026-12' }, [], 'filter.fromMonth', 'INVALID_MONTH'],
      [{ fromMonth: '2026-05', toMonth: '2026-04' }, [], 'filter.toMonth', 'RANGE_REVERSED'],
      [{ fromMonth: '2000-01', toMonth: '2026-04' }, [], 'filter.toMonth', 'RANGE_TOO_LONG'],
      [{ fromMonth: '2026-01', toMonth: '2026-04', districts: ['2102'] }, [], 'filter.districts.0', 'INVALID_DISTRICT'],
      [{ fromMonth: '2026-01', toMonth: '2026-04', industries: ['Z'] }, [], 'filter.industries.0', 'INVALID_INDUSTRY'],
      [{ fromMonth: '2026-01', toMonth: '2026-04' }, ['MONTH', 'MONTH'], 'groupBy', 'DUPLICATE_DIMENSION'],
    ];
    for (const [f, g, argument, reason] of cases) {
      const { body } = await gql('market', STATISTICS, { f, g });
      expect(body.data?.creditStatistics ?? null, reason).toBeNull();
      expect(body.errors?.[0]?.extensions, reason).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
    }
    const monthly = await gql('market', `{ departmentMonthlyReports(month: "2026-1") { month } }`);
    expect(monthly.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'month', reason: 'INVALID_MONTH' });
    const uscc = await gql('market', `{ departmentMonthlyReports(month: "2026-01", departmentUscc: "123") { month } }`);
    expect(uscc.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'departmentUscc' });
    const feedback = await gql('market', `{ sanctionFeedbackStatistics(from: "2026-05-01", to: "2026-04-01") { cases } }`);
    expect(feedback.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to', reason: 'RANGE_REVERSED' });
    const page = await gql('market', `{ earlyWarnings(first: 501) { subjectId } }`);
    expect(page.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first', reason: 'PAGE_SIZE' });
    const report = await gql('market', `{ analysisReport(period: { fromMonth: "2026-06", toMonth: "2026-05" }) { warnings } }`);
    expect(report.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'period.toMonth', reason: 'RANGE_REVERSED' });
  });

  it('is denied to the public, to agencies and to departments without gov:internal', async () => {
    const query = `{ creditStatistics(filter: { fromMonth: "2026-01", toMonth: "2026-12" }, groupBy: [DOMAIN]) { records }
      sanctionFeedbackStatistics(from: "2026-01-01", to: "2026-12-31") { cases }
      departmentMonthlyReports(month: "2026-11") { submitted }
      earlyWarnings { subjectId } earlyWarningRules { code } warningClusters { warnings }
      analysisReport(period: { fromMonth: "2026-01", toMonth: "2026-06" }) { warnings } }`;
    for (const who of ['public', 'agency', 'writer']) {
      const { body } = await gql(who, query);
      const { __typename, ...fields } = (body.data ?? {}) as Record<string, unknown>;
      expect(Object.values(fields), who).toEqual(Array(7).fill(null));
      expect(body.errors?.length, who).toBe(7);
      expect(new Set(body.errors!.map((e) => e.extensions?.code)), who).toEqual(new Set(['FORBIDDEN']));
    }
  });
});

describe('departmentMonthlyReports (月报)', () => {
  it('counts the month’s submitted, duplicate, rejected (by reason) and late rows of a department', async () => {
    const s = subjects[3]!;
    const thisMonth = month(today);
    const QUERY = `query($m: String!, $d: String) { departmentMonthlyReports(month: $m, departmentUscc: $d) {
      month department { code name uscc } submitted accepted duplicates rejected rejectedByReason { reason count }
      publicationDecisions late onTimeRate byRecordType { domain recordType submitted accepted rejected late } } }`;
    const read = async () => {
      const { body } = await gql('market', QUERY, { m: thisMonth, d: departments.get('dl-market') });
      expect(body.errors).toBeUndefined();
      return (body.data.departmentMonthlyReports as any[])[0] ?? { submitted: 0, accepted: 0, duplicates: 0, rejected: 0, rejectedByReason: [], publicationDecisions: 0, late: 0 };
    };
    await settled();
    const before = await read();
    const late = penalty(s, { decisionDate: '2026-01-05' });
    // On time (decided today), late (decided in January), a repeat of the late one and two refused rows.
    await submitPenalties([penalty(s), late, late, penalty(s, { subjectUscc: 'bad' }), penalty(s, { decisionDate: '2099-01-01' })]);
    await settled();
    const after = await read();
    const reason = (r: any, code: string) => r.rejectedByReason.find((x: any) => x.reason === code)?.count ?? 0;
    expect(after).toMatchObject({
      month: thisMonth,
      department: { code: 'dl-market', uscc: departments.get('dl-market') },
      submitted: before.submitted + 5,
      accepted: before.accepted + 2,
      duplicates: before.duplicates + 1,
      rejected: before.rejected + 2,
      publicationDecisions: before.publicationDecisions + 2,
      late: before.late + 1,
    });
    expect(reason(after, 'LENGTH')).toBe(reason(before, 'LENGTH') + 1);
    expect(reason(after, 'IN_THE_FUTURE')).toBe(reason(before, 'IN_THE_FUTURE') + 1);
    expect(after.onTimeRate).toBeCloseTo((after.publicationDecisions - after.late) / after.publicationDecisions, 10);
    expect(after.byRecordType.find((r: any) => r.recordType === 'AdministrativePenalty')).toMatchObject({ domain: 'GOVERNMENT' });
  });
});

describe('sanctionFeedbackStatistics', () => {
  it('counts cases, first feedback only, and overdue cases per checking department', async () => {
    const s = subjects[4]!;
    const QUERY = `query($f: Date!, $t: Date!) { sanctionFeedbackStatistics(from: $f, to: $t) { department { code } cases withFeedback feedbackRate overdue } }`;
    const read = async (from: string, to: string) => {
      const { body } = await gql('market', QUERY, { f: from, t: to });
      expect(body.errors).toBeUndefined();
      return (body.data.sanctionFeedbackStatistics as any[]).find((r) => r.department.code === 'dl-market') ?? { cases: 0, withFeedback: 0, overdue: 0 };
    };
    const before = await read(today, today);
    const check = await gql('market', `mutation($u: String!) { sanctionsCheck(input: { uscc: $u, scenario: ADMINISTRATIVE_APPROVAL }) { case { id } } }`, { u: s.uscc });
    const caseId = check.body.data.sanctionsCheck.case.id;
    expect((await read(today, today)).cases).toBe(before.cases + 1);
    const feedback = `mutation($c: ID!) { reportSanctionFeedback(input: { caseId: $c, outcome: APPLIED, actionDate: "${today}" }) { case { id } } }`;
    expect((await gql('market', feedback, { c: caseId })).body.errors).toBeUndefined();
    // A second report corrects the first: still one case with feedback.
    expect((await gql('market', feedback, { c: caseId })).body.errors).toBeUndefined();
    const after = await read(today, today);
    expect(after).toMatchObject({ cases: before.cases + 1, withFeedback: before.withFeedback + 1, overdue: 0 });
    expect(after.feedbackRate).toBeCloseTo(after.withFeedback / after.cases, 10);

    // A case checked in January without feedback is overdue now.
    const january = await read('2026-01-05', '2026-01-05');
    await openCases(db, { departmentCode: 'dl-market', scenario: 'ADMINISTRATIVE_APPROVAL', checkedOn: '2026-01-05', subjects: [{ uscc: s.uscc }], evaluations: [{ listings: [], measures: [] }] });
    expect(await read('2026-01-05', '2026-01-05')).toMatchObject({ cases: january.cases + 1, withFeedback: january.withFeedback, overdue: january.overdue + 1 });
  });
});

describe('earlyWarnings', () => {
  const WARNINGS = `query($f: EarlyWarningFilter) { earlyWarnings(filter: $f) { subjectType subjectId legalPerson { uscc name } rule { code kind windowDays threshold factor }
    detectedOn currentCount previousCount district { code } industry { code } evidenceRecordIds } }`;
  const warningsOf = async (uscc: string, rules?: string[]) => {
    const { body } = await gql('market', WARNINGS, { f: { subjectId: uscc, rules } });
    expect(body.errors).toBeUndefined();
    return body.data.earlyWarnings as any[];
  };

  it('warn of a subject reaching 3 negative records in 90 days, and not below', async () => {
    const s = subjects[5]!;
    const first = await submitBusiness([businessRecord(s, { decisionDate: daysAgo(20) }), businessRecord(s, { decisionDate: daysAgo(5) }), businessRecord(s, { decisionDate: daysAgo(200) })]);
    await settled();
    expect(await warningsOf(s.uscc, ['NEGATIVE_THRESHOLD'])).toEqual([]);
    const third = await submitBusiness([businessRecord(s, { decisionDate: daysAgo(1) }), businessRecord(s, { polarity: 'POSITIVE', severity: null, category: '守信激励' })]);
    await settled();
    const [warning, ...more] = await warningsOf(s.uscc, ['NEGATIVE_THRESHOLD']);
    expect(more).toEqual([]);
    expect(warning).toMatchObject({
      subjectType: 'LEGAL_PERSON', subjectId: s.uscc, legalPerson: { uscc: s.uscc }, rule: { code: 'NEGATIVE_THRESHOLD', kind: 'THRESHOLD', windowDays: 90, threshold: 3 },
      detectedOn: today, currentCount: 3, district: { code: s.district }, industry: { code: s.industry },
    });
    expect(warning.evidenceRecordIds.sort()).toEqual([first.results[0]!.id, first.results[1]!.id, third.results[0]!.id].sort());

    // The district × industry cell shows up among the clusters, and the analysis report counts it.
    const clusters = await gql('market', `{ warningClusters(first: 100) { district { code } industry { code } warnings subjects share } }`);
    expect(clusters.body.data.warningClusters).toContainEqual(expect.objectContaining({ district: { code: s.district }, industry: { code: s.industry } }));
    const report = await gql('market', `query($f: String!, $t: String!) { analysisReport(period: { fromMonth: $f, toMonth: $t }) { fromMonth toMonth previousFromMonth previousToMonth
      totals { records negativeRecords } byDomain { domain records } risingDistricts { district { code } negativeRecords previousNegativeRecords change }
      risingIndustries { industry { code } change } warnings topClusters { warnings } generatedAt } }`, { f: month(daysAgo(20)), t: month(today) });
    expect(report.body.errors).toBeUndefined();
    const r = report.body.data.analysisReport;
    expect(r.warnings).toBeGreaterThanOrEqual(1);
    expect(r.totals.negativeRecords).toBeGreaterThanOrEqual(3);
    expect(r.byDomain.map((c: any) => c.domain)).toContain('BUSINESS');
    expect(r.topClusters.length).toBeGreaterThanOrEqual(1);

    // Revoking one of the three takes the subject back below the threshold: the warning goes.
    const key = Buffer.from(third.results[0]!.id!, 'base64url').toString().split(':')[2]!;
    await db.transaction(async (tx) => {
      const record = await lockRecord(tx as unknown as Drizzle, businessLifecycle.types.BusinessRecord!, key);
      await recordStatusChange(tx as unknown as Drizzle, businessLifecycle, 'BusinessRecord', record!, { status: 'REVOKED', effectiveOn: today, reason: '撤销', causeType: 'OBJECTION', causeId: `warn-${key}` });
    });
    await settled();
    expect(await warningsOf(s.uscc, ['NEGATIVE_THRESHOLD'])).toEqual([]);
  });

  it('warn of a subject whose negative records doubled against the window before, and not below', async () => {
    const s = subjects[6]!;
    // Three in the window before (91–180 days ago): nothing yet.
    await submitBusiness([daysAgo(100), daysAgo(120), daysAgo(150)].map((d) => businessRecord(s, { decisionDate: d })));
    await settled();
    expect(await warningsOf(s.uscc, ['NEGATIVE_GROWTH'])).toEqual([]);
    // Five in the last 90 days: not yet twice three.
    await submitBusiness([1, 2, 3, 4, 5].map((n) => businessRecord(s, { decisionDate: daysAgo(n) })));
    await settled();
    expect(await warningsOf(s.uscc, ['NEGATIVE_GROWTH'])).toEqual([]);
    expect((await warningsOf(s.uscc, ['NEGATIVE_THRESHOLD']))[0]).toMatchObject({ currentCount: 5 });
    await submitBusiness([businessRecord(s, { decisionDate: daysAgo(6) })]);
    await settled();
    const [growth] = await warningsOf(s.uscc, ['NEGATIVE_GROWTH']);
    expect(growth).toMatchObject({ rule: { code: 'NEGATIVE_GROWTH', kind: 'GROWTH', windowDays: 90, threshold: 2, factor: 2 }, currentCount: 6, previousCount: 3, detectedOn: today });
    expect(growth.evidenceRecordIds).toHaveLength(6);
    const rules = await gql('market', `{ earlyWarningRules { code kind windowDays threshold factor description } }`);
    expect(rules.body.data.earlyWarningRules).toEqual([
      expect.objectContaining({ code: 'NEGATIVE_THRESHOLD', kind: 'THRESHOLD', windowDays: 90, threshold: 3, factor: null }),
      expect.objectContaining({ code: 'NEGATIVE_GROWTH', kind: 'GROWTH', windowDays: 90, threshold: 2, factor: 2 }),
    ]);
  });
});

describe('the rebuild (npm run stats:rebuild)', () => {
  it('recomputes the statistics from every domain’s records on file, keeping the 月报 rejections, the same when run twice', async () => {
    const { rebuildStatistics } = await import('../../subgraphs/platform/statistics-rebuild.ts');
    const { backfillChunks } = await import('../../subgraphs/kernel/record-backfill.ts');
    const { RECORD_SOURCES } = await import('../../subgraphs/record-sources.ts');
    await settled();
    const wide = { fromMonth: '2007-01', toMonth: month(today) };
    const monthlyQuery = `query($m: String!) { departmentMonthlyReports(month: $m) { department { code } rejected duplicates } }`;
    const monthlyBefore = (await gql('market', monthlyQuery, { m: month(today) })).body.data.departmentMonthlyReports;
    const warningsBefore = (await gql('market', `{ earlyWarnings(first: 500) { subjectId rule { code } currentCount } }`)).body.data.earlyWarnings;

    const summary = await rebuildStatistics(db, (tx) => backfillChunks(tx, RECORD_SOURCES, 500));
    expect(summary.chunks).toBeGreaterThan(1);
    const [total] = await cells(wide, []);
    // Every record of the record tables (listing decisions are list entries, not records).
    const [onFile] = await rows<{ n: unknown; withdrawn: unknown }>(
      db,
      sql`select sum(n) as n, sum(w) as withdrawn from (
            select count(*) as n, count(*) filter (where status in ('REVOKED', 'REPAIRED')) as w from government.administrative_penalty
            union all select count(*), count(*) filter (where status in ('REVOKED', 'REPAIRED')) from government.administrative_licence
            union all select count(*), count(*) filter (where status in ('REVOKED', 'REPAIRED')) from government.sector_record
            union all select count(*), count(*) filter (where status in ('REVOKED', 'REPAIRED')) from business.sector_record
            union all select count(*), 0 from business.tax_credit_rating
            union all select count(*), count(*) filter (where status in ('REVOKED', 'REPAIRED')) from social.sector_record
            union all select count(*), 0 from social.wage_arrears_record
            union all select count(*), count(*) filter (where status in ('REVOKED', 'REPAIRED')) from judicial.sector_record
            union all select count(*), 0 from judicial.dishonest_judgment_debtor) x`,
    );
    expect(total).toMatchObject({ records: Number(onFile!.n), withdrawnRecords: Number(onFile!.withdrawn) });
    expect(summary.records).toBeGreaterThanOrEqual(Number(onFile!.n));
    // Rejections and duplicates exist only in the events' aggregates: kept.
    const monthlyAfter = (await gql('market', monthlyQuery, { m: month(today) })).body.data.departmentMonthlyReports;
    for (const m of monthlyBefore) expect(monthlyAfter).toContainEqual(m);
    // The warnings found as records arrived are found again.
    const warningsAfter = (await gql('market', `{ earlyWarnings(first: 500) { subjectId rule { code } currentCount } }`)).body.data.earlyWarnings;
    for (const w of warningsBefore) expect(warningsAfter).toContainEqual(w);

    await rebuildStatistics(db, (tx) => backfillChunks(tx, RECORD_SOURCES, 500));
    expect(await cells(wide, [])).toEqual([total]);
  });
});
