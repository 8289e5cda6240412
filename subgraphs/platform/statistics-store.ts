import { type SQL, sql } from 'drizzle-orm';
import {
  departmentMonthlyRejection,
  departmentMonthlyStatistics,
  earlyWarning,
  recordStatistics,
  sanctionFeedbackDaily,
  subjectRecentNegatives,
} from '../../drizzle/schema/platform-statistics.ts';
import { addCalendarDays, shanghaiDate } from '../kernel/calendar.ts';
import type { EarlyWarningRuleSetting } from '../kernel/config.ts';
import { type Drizzle, rows } from '../kernel/db.ts';
import type { PublishedRecord, RecordBatchPayload, StatusChangedPayload } from '../kernel/record-events.ts';

/**
 * The statistics' aggregates (drizzle/schema/platform-statistics.ts): how record events change
 * them, and the reads of the statistics. Every write is set-based — one statement per aggregate
 * for a whole batch — so applying an event costs the same few statements for 1 or 5,000 records.
 */

/** A record as the aggregates need it (the event's record, or a backfilled one). */
export type StatisticsRecord = Pick<PublishedRecord, 'id' | 'subjectType' | 'subjectId' | 'polarity' | 'decisionDate' | 'listTypes'>;

/** The subject's division and industry from the registry (joined by registryJoin), as cell keys: '' when unknown. */
const CELL = sql.raw(`coalesce(lp.division_code::text, np.division_code::text, '') as district, coalesce(lp.industry_code::text, '') as industry`);
// bpchar, not text, so the registry's primary key serves the join.
const registryJoin = (r: string) =>
  sql.raw(`left join platform.legal_person lp on ${r}.subject_type = 'LEGAL_PERSON' and lp.uscc = ${r}.subject_id::bpchar
           left join platform.natural_person np on ${r}.subject_type = 'NATURAL_PERSON' and np.id = ${r}.subject_id`);

const recordsJson = (records: readonly StatisticsRecord[]) =>
  JSON.stringify(records.map((r) => ({ subject_type: r.subjectType, subject_id: r.subjectId, polarity: r.polarity, month: r.decisionDate.slice(0, 7), list_types: r.listTypes })));

/**
 * Adds records to the record statistics. `countsRecords` false: listing decisions, which add
 * list entries only (they are decisions about a subject, not credit records of it).
 */
export async function addRecordStatistics(tx: Drizzle, domain: string, recordType: string, records: readonly StatisticsRecord[], countsRecords = true): Promise<void> {
  if (records.length === 0) return;
  const isRecord = countsRecords ? sql`true` : sql`false`;
  const isPenalty = countsRecords && recordType === 'AdministrativePenalty' ? sql`true` : sql`false`;
  await tx.execute(sql`
    insert into ${recordStatistics} (month, domain, district, industry, records, negative, positive, penalties, red, key_attention, black)
    select r.month, ${domain}, ${CELL},
           count(*) filter (where ${isRecord}), count(*) filter (where ${isRecord} and r.polarity = 'NEGATIVE'),
           count(*) filter (where ${isRecord} and r.polarity = 'POSITIVE'), count(*) filter (where ${isPenalty}),
           count(*) filter (where r.list_types ? 'RED'), count(*) filter (where r.list_types ? 'KEY_ATTENTION'), count(*) filter (where r.list_types ? 'BLACK')
    from jsonb_to_recordset(${recordsJson(records)}::jsonb) as r(subject_type text, subject_id text, polarity text, month text, list_types jsonb)
    ${registryJoin('r')}
    group by 1, 2, 3, 4
    on conflict (month, domain, district, industry) do update set
      records = ${recordStatistics}.records + excluded.records, negative = ${recordStatistics}.negative + excluded.negative,
      positive = ${recordStatistics}.positive + excluded.positive, penalties = ${recordStatistics}.penalties + excluded.penalties,
      red = ${recordStatistics}.red + excluded.red, key_attention = ${recordStatistics}.key_attention + excluded.key_attention,
      black = ${recordStatistics}.black + excluded.black`);
}

/** 月报 counts of one batch, in the month it was submitted. */
export async function addMonthlySubmission(tx: Drizzle, month: string, p: RecordBatchPayload): Promise<void> {
  if (!p.departmentUscc) return;
  const decisions = p.records.filter((r) => r.late !== null).length;
  const late = p.records.filter((r) => r.late === true).length;
  await tx.execute(sql`
    insert into ${departmentMonthlyStatistics} (month, department_uscc, domain, record_type, accepted, duplicates, rejected, publication_decisions, late)
    values (${month}, ${p.departmentUscc}, ${p.domain}, ${p.recordType}, ${p.records.length}, ${p.duplicates}, ${p.rejected}, ${decisions}, ${late})
    on conflict (month, department_uscc, domain, record_type) do update set
      accepted = ${departmentMonthlyStatistics}.accepted + excluded.accepted, duplicates = ${departmentMonthlyStatistics}.duplicates + excluded.duplicates,
      rejected = ${departmentMonthlyStatistics}.rejected + excluded.rejected,
      publication_decisions = ${departmentMonthlyStatistics}.publication_decisions + excluded.publication_decisions,
      late = ${departmentMonthlyStatistics}.late + excluded.late`);
  const reasons = Object.entries(p.rejectedByReason ?? {}).map(([reason, n]) => ({ reason, n }));
  if (reasons.length === 0) return;
  await tx.execute(sql`
    insert into ${departmentMonthlyRejection} (month, department_uscc, reason, rows)
    select ${month}, ${p.departmentUscc}, x.reason, x.n from jsonb_to_recordset(${JSON.stringify(reasons)}::jsonb) as x(reason text, n int)
    on conflict (month, department_uscc, reason) do update set rows = ${departmentMonthlyRejection}.rows + excluded.rows`);
}

/** A record that left force (revoked or repaired) counts as withdrawn in its cell. */
export async function addWithdrawn(tx: Drizzle, p: StatusChangedPayload): Promise<void> {
  const records = JSON.stringify([{ subject_type: p.subjectType, subject_id: p.subjectId, month: p.decisionDate.slice(0, 7) }]);
  await tx.execute(sql`
    insert into ${recordStatistics} (month, domain, district, industry, withdrawn)
    select r.month, ${p.domain}, ${CELL}, 1
    from jsonb_to_recordset(${records}::jsonb) as r(subject_type text, subject_id text, month text)
    ${registryJoin('r')}
    on conflict (month, domain, district, industry) do update set withdrawn = ${recordStatistics}.withdrawn + 1`);
}

// --- Early warning ------------------------------------------------------------------------------

interface RecentNegative {
  id: string;
  day: string;
}

export interface WarningFinding {
  rule: EarlyWarningRuleSetting;
  currentCount: number;
  previousCount: number;
  evidence: string[];
}

/** How far back any rule looks: a growth rule compares its window with the one before. */
export function lookBackDays(rules: readonly EarlyWarningRuleSetting[]): number {
  return Math.max(0, ...rules.map((r) => (r.kind === 'GROWTH' ? 2 * r.windowDays : r.windowDays)));
}

/** Which rules a subject's negative records cross on `today` (windows end on `today`, inclusive). */
export function evaluateRules(rules: readonly EarlyWarningRuleSetting[], records: readonly RecentNegative[], today: string): WarningFinding[] {
  const found: WarningFinding[] = [];
  for (const rule of rules) {
    const start = addCalendarDays(today, -rule.windowDays);
    const previousStart = addCalendarDays(today, -2 * rule.windowDays);
    const current = records.filter((r) => r.day > start && r.day <= today);
    const previousCount = rule.kind === 'GROWTH' ? records.filter((r) => r.day > previousStart && r.day <= start).length : 0;
    const fires = rule.kind === 'THRESHOLD' ? current.length >= rule.threshold : current.length >= rule.threshold && current.length >= rule.factor! * previousCount;
    if (fires) found.push({ rule, currentCount: current.length, previousCount, evidence: current.map((r) => r.id).sort() });
  }
  return found;
}

type SubjectKey = { subjectType: string; subjectId: string };
const subjectKey = (s: SubjectKey) => `${s.subjectType}\u0000${s.subjectId}`;

/**
 * Adds new negative records to their subjects' recent lists and removes withdrawn ones, then
 * evaluates the rules for every subject touched: a subject crossing a rule gets (or renews) its
 * warning detected today; a subject no longer crossing it after a withdrawal loses it. Three
 * statements whatever the number of subjects.
 */
export async function updateWarnings(
  tx: Drizzle,
  rules: readonly EarlyWarningRuleSetting[],
  changes: { add?: readonly StatisticsRecord[]; remove?: readonly (SubjectKey & { id: string })[] },
  today = shanghaiDate(),
): Promise<void> {
  if (rules.length === 0) return;
  const cutoff = addCalendarDays(today, -lookBackDays(rules));
  const adds = (changes.add ?? []).filter((r) => r.polarity === 'NEGATIVE' && r.decisionDate > cutoff && r.decisionDate <= today);
  const removes = changes.remove ?? [];
  if (adds.length === 0 && removes.length === 0) return;
  const subjects = new Map<string, SubjectKey>();
  for (const r of [...adds, ...removes]) subjects.set(subjectKey(r), { subjectType: r.subjectType, subjectId: r.subjectId });
  const keys = JSON.stringify([...subjects.values()].map((s) => ({ t: s.subjectType, i: s.subjectId })));
  const current = await rows<{ subject_type: string; subject_id: string; records: unknown }>(
    tx,
    sql`select s.subject_type, s.subject_id, s.records from jsonb_to_recordset(${keys}::jsonb) as k(t text, i text)
        join ${subjectRecentNegatives} s on s.subject_type = k.t and s.subject_id = k.i for update of s`,
  );
  const lists = new Map<string, RecentNegative[]>();
  for (const row of current) {
    const records = (typeof row.records === 'string' ? JSON.parse(row.records) : row.records) as RecentNegative[];
    lists.set(subjectKey({ subjectType: row.subject_type, subjectId: row.subject_id }), records);
  }
  for (const r of adds) {
    const k = subjectKey(r);
    const list = lists.get(k) ?? [];
    if (!list.some((x) => x.id === r.id)) list.push({ id: r.id, day: r.decisionDate });
    lists.set(k, list);
  }
  for (const r of removes) {
    const k = subjectKey(r);
    lists.set(k, (lists.get(k) ?? []).filter((x) => x.id !== r.id));
  }
  const kept: { t: string; i: string; records: RecentNegative[] }[] = [];
  const warnings: { subject_type: string; subject_id: string; rule: string; window: number; current: number; previous: number; evidence: string[] }[] = [];
  const cleared: { t: string; i: string; rules: string[] }[] = [];
  for (const [k, list] of lists) {
    const s = subjects.get(k)!;
    const recent = list.filter((x) => x.day > cutoff).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.id < b.id ? -1 : 1));
    kept.push({ t: s.subjectType, i: s.subjectId, records: recent });
    const findings = evaluateRules(rules, recent, today);
    for (const f of findings) warnings.push({ subject_type: s.subjectType, subject_id: s.subjectId, rule: f.rule.code, window: f.rule.windowDays, current: f.currentCount, previous: f.previousCount, evidence: f.evidence });
    // Only a withdrawal can undo a warning: new records never make a subject less risky.
    const fired = new Set(findings.map((f) => f.rule.code));
    if (removes.some((r) => subjectKey(r) === k)) cleared.push({ t: s.subjectType, i: s.subjectId, rules: rules.map((r) => r.code).filter((c) => !fired.has(c)) });
  }
  await tx.execute(sql`
    insert into ${subjectRecentNegatives} (subject_type, subject_id, records)
    select x.t, x.i, x.records from jsonb_to_recordset(${JSON.stringify(kept)}::jsonb) as x(t text, i text, records jsonb)
    on conflict (subject_type, subject_id) do update set records = excluded.records`);
  if (warnings.length > 0) {
    await tx.execute(sql`
      insert into ${earlyWarning} (subject_type, subject_id, rule, detected_on, window_days, current_count, previous_count, district, industry, evidence)
      select w.subject_type, w.subject_id, w.rule, ${today}::date, w.window, w.current, w.previous, ${CELL}, w.evidence
      from jsonb_to_recordset(${JSON.stringify(warnings)}::jsonb) as w(subject_type text, subject_id text, rule text, "window" int, current int, previous int, evidence jsonb)
      ${registryJoin('w')}
      on conflict (subject_type, subject_id, rule) do update set
        detected_on = excluded.detected_on, window_days = excluded.window_days, current_count = excluded.current_count,
        previous_count = excluded.previous_count, district = excluded.district, industry = excluded.industry, evidence = excluded.evidence`);
  }
  const toClear = cleared.filter((c) => c.rules.length > 0);
  if (toClear.length > 0) {
    await tx.execute(sql`
      delete from ${earlyWarning} e using jsonb_to_recordset(${JSON.stringify(toClear)}::jsonb) as c(t text, i text, rules jsonb)
      where e.subject_type = c.t and e.subject_id = c.i and c.rules ? e.rule`);
  }
}

// --- Sanction feedback counters -----------------------------------------------------------------

/** Cases opened: counted in the transaction that opens them. */
export async function countCasesOpened(tx: Drizzle, departmentCode: string, checkedOn: string, cases: number): Promise<void> {
  if (cases === 0) return;
  await tx.execute(sql`
    insert into ${sanctionFeedbackDaily} (department_code, checked_on, cases) values (${departmentCode}, ${checkedOn}, ${cases})
    on conflict (department_code, checked_on) do update set cases = ${sanctionFeedbackDaily}.cases + excluded.cases`);
}

/** A case's first feedback (corrections are not new feedback), in the transaction that records it. */
export async function countFirstFeedback(tx: Drizzle, departmentCode: string, checkedOn: string): Promise<void> {
  await tx.execute(sql`
    insert into ${sanctionFeedbackDaily} (department_code, checked_on, cases, with_feedback) values (${departmentCode}, ${checkedOn}, 0, 1)
    on conflict (department_code, checked_on) do update set with_feedback = ${sanctionFeedbackDaily}.with_feedback + 1`);
}

// --- Reads --------------------------------------------------------------------------------------

export type Dimension = 'DOMAIN' | 'DISTRICT' | 'INDUSTRY' | 'MONTH';
const DIMENSION_COLUMN: Record<Dimension, string> = { DOMAIN: 'domain', DISTRICT: 'district', INDUSTRY: 'industry', MONTH: 'month' };

export interface StatisticsFilter {
  fromMonth: string;
  toMonth: string;
  domains?: readonly string[];
  districts?: readonly string[];
  industries?: readonly string[];
}

export interface StatisticsCellRow {
  domain: string | null;
  district: string | null;
  industry: string | null;
  month: string | null;
  records: number;
  negative: number;
  positive: number;
  penalties: number;
  withdrawn: number;
  red: number;
  keyAttention: number;
  black: number;
}

const anyText = (column: string, values: readonly string[]) => sql`${sql.raw(column)} = any(${sql.param([...values])}::text[])`;

function statisticsWhere(f: StatisticsFilter): SQL {
  const where: SQL[] = [sql`month between ${f.fromMonth} and ${f.toMonth}`];
  if (f.domains?.length) where.push(anyText('domain', f.domains));
  if (f.districts?.length) where.push(anyText('district', f.districts));
  if (f.industries?.length) where.push(anyText('industry', f.industries));
  return sql.join(where, sql` and `);
}

/** Sums of the cells of `filter`, grouped by `groupBy`: one statement over the aggregate. */
export async function statisticsCells(db: Drizzle, filter: StatisticsFilter, groupBy: readonly Dimension[]): Promise<StatisticsCellRow[]> {
  const columns = groupBy.map((d) => DIMENSION_COLUMN[d]);
  const select = (['DOMAIN', 'DISTRICT', 'INDUSTRY', 'MONTH'] as const).map((d) => (groupBy.includes(d) ? sql.raw(`${DIMENSION_COLUMN[d]}::text`) : sql`null::text`));
  const found = await rows<Record<string, unknown>>(
    db,
    sql`select ${select[0]} as domain, ${select[1]} as district, ${select[2]} as industry, ${select[3]} as month,
               sum(records) as records, sum(negative) as negative, sum(positive) as positive, sum(penalties) as penalties,
               sum(withdrawn) as withdrawn, sum(red) as red, sum(key_attention) as key_attention, sum(black) as black
        from ${recordStatistics} where ${statisticsWhere(filter)}
        ${columns.length > 0 ? sql.raw(`group by ${columns.join(', ')} order by ${columns.join(', ')}`) : sql``}`,
  );
  return found
    .filter((r) => r.records !== null)
    .map((r) => ({
      domain: (r.domain as string | null) ?? null,
      district: (r.district as string | null) ?? null,
      industry: (r.industry as string | null) ?? null,
      month: (r.month as string | null) ?? null,
      records: Number(r.records),
      negative: Number(r.negative),
      positive: Number(r.positive),
      penalties: Number(r.penalties),
      withdrawn: Number(r.withdrawn),
      red: Number(r.red),
      keyAttention: Number(r.key_attention),
      black: Number(r.black),
    }));
}

export interface MonthlyRow {
  departmentUscc: string;
  domain: string;
  recordType: string;
  accepted: number;
  duplicates: number;
  rejected: number;
  publicationDecisions: number;
  late: number;
}

export async function monthlyRows(db: Drizzle, month: string, departmentUscc?: string | null): Promise<{ rows: MonthlyRow[]; reasons: { departmentUscc: string; reason: string; rows: number }[] }> {
  const dept = departmentUscc ? sql` and department_uscc = ${departmentUscc}` : sql``;
  const found = await rows<Record<string, unknown>>(
    db,
    sql`select department_uscc, domain, record_type, accepted, duplicates, rejected, publication_decisions, late
        from ${departmentMonthlyStatistics} where month = ${month}${dept} order by department_uscc, domain, record_type`,
  );
  const reasons = await rows<{ department_uscc: string; reason: string; rows: unknown }>(
    db,
    sql`select department_uscc, reason, rows from ${departmentMonthlyRejection} where month = ${month}${dept} order by department_uscc, rows desc, reason`,
  );
  return {
    rows: found.map((r) => ({
      departmentUscc: (r.department_uscc as string).trim(),
      domain: r.domain as string,
      recordType: r.record_type as string,
      accepted: Number(r.accepted),
      duplicates: Number(r.duplicates),
      rejected: Number(r.rejected),
      publicationDecisions: Number(r.publication_decisions),
      late: Number(r.late),
    })),
    reasons: reasons.map((r) => ({ departmentUscc: r.department_uscc.trim(), reason: r.reason, rows: Number(r.rows) })),
  };
}

export async function feedbackRows(db: Drizzle, from: string, to: string, overdueCutoff: string): Promise<{ departmentCode: string; cases: number; withFeedback: number; overdue: number }[]> {
  const found = await rows<Record<string, unknown>>(
    db,
    sql`select department_code, sum(cases) as cases, sum(with_feedback) as with_feedback,
               coalesce(sum(cases - with_feedback) filter (where checked_on <= ${overdueCutoff}), 0) as overdue
        from ${sanctionFeedbackDaily} where checked_on between ${from} and ${to}
        group by department_code order by department_code`,
  );
  return found.map((r) => ({ departmentCode: r.department_code as string, cases: Number(r.cases), withFeedback: Number(r.with_feedback), overdue: Number(r.overdue) }));
}

export interface WarningRow {
  subjectType: string;
  subjectId: string;
  rule: string;
  detectedOn: string;
  windowDays: number;
  currentCount: number;
  previousCount: number;
  district: string;
  industry: string;
  evidence: string[];
}

export interface WarningFilter {
  from: string;
  to: string;
  rules?: readonly string[];
  districts?: readonly string[];
  industries?: readonly string[];
  subjectType?: string | null;
  subjectId?: string | null;
}

function warningWhere(f: WarningFilter): SQL {
  const where: SQL[] = [sql`detected_on between ${f.from} and ${f.to}`];
  if (f.rules?.length) where.push(anyText('rule', f.rules));
  if (f.districts?.length) where.push(anyText('district', f.districts));
  if (f.industries?.length) where.push(anyText('industry', f.industries));
  if (f.subjectType) where.push(sql`subject_type = ${f.subjectType}`);
  if (f.subjectId) where.push(sql`subject_id = ${f.subjectId}`);
  return sql.join(where, sql` and `);
}

export async function warningRows(db: Drizzle, filter: WarningFilter, first: number): Promise<WarningRow[]> {
  const found = await rows<Record<string, unknown>>(
    db,
    sql`select subject_type, subject_id, rule, detected_on::text as detected_on, window_days, current_count, previous_count, district, industry, evidence
        from ${earlyWarning} where ${warningWhere(filter)}
        order by detected_on desc, current_count desc, subject_id, rule limit ${first}`,
  );
  return found.map((r) => ({
    subjectType: r.subject_type as string,
    subjectId: r.subject_id as string,
    rule: r.rule as string,
    detectedOn: r.detected_on as string,
    windowDays: Number(r.window_days),
    currentCount: Number(r.current_count),
    previousCount: Number(r.previous_count),
    district: r.district as string,
    industry: r.industry as string,
    evidence: (typeof r.evidence === 'string' ? JSON.parse(r.evidence) : r.evidence) as string[],
  }));
}

export async function clusterRows(db: Drizzle, from: string, to: string, minWarnings: number, first: number): Promise<{ district: string; industry: string; warnings: number; subjects: number; total: number }[]> {
  const found = await rows<Record<string, unknown>>(
    db,
    sql`select district, industry, warnings, subjects, sum(warnings) over () as total from (
          select district, industry, count(*) as warnings, count(distinct (subject_type, subject_id)) as subjects
          from ${earlyWarning} where detected_on between ${from} and ${to} group by district, industry
        ) c order by warnings desc, district, industry`,
  );
  return found
    .map((r) => ({ district: r.district as string, industry: r.industry as string, warnings: Number(r.warnings), subjects: Number(r.subjects), total: Number(r.total) }))
    .filter((r) => r.warnings >= minWarnings)
    .slice(0, first);
}

export async function warningCount(db: Drizzle, from: string, to: string): Promise<number> {
  const [r] = await rows<{ n: unknown }>(db, sql`select count(*) as n from ${earlyWarning} where detected_on between ${from} and ${to}`);
  return Number(r?.n ?? 0);
}
