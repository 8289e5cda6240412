import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { AUTHORITIES } from '../../drizzle/seed/names.ts';
import { addCalendarDays, shanghaiDate } from '../../subgraphs/kernel/calendar.ts';
import { rows } from '../../subgraphs/kernel/db.ts';
import { post, useTestStack } from '../support/stack.ts';

/** 公共信用综合评价 end to end: scores from every domain's facts, explanations, rules, visibility. */
const t = useTestStack();
const today = shanghaiDate();
const TAX = { authorityName: AUTHORITIES.tax.name, authorityUscc: AUTHORITIES.tax.uscc };
const db = () => t.database.drizzle('test');
const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => post(t.stack.gatewayUrl, query, variables, headers);
const auth = async (kind: 'department' | 'admin' | 'subject', id: string, options: { scopes?: string[]; subjectType?: 'LEGAL_PERSON' } = {}) => ({
  authorization: `Bearer ${await t.auth.token(kind, id, options)}`,
});

const EVALUATION = `score baseScore grade gradeLabel ruleSetVersion evaluatedAt
  contributions { points capped evidenceWithheld rule { code points cap } evidence { recordId recordType domain description listType listName } }`;

interface Evaluation {
  score: number;
  baseScore: number;
  grade: string;
  ruleSetVersion: string;
  contributions: { points: number; capped: boolean; evidenceWithheld: boolean; rule: { code: string; points: number; cap: number | null }; evidence: { recordId: string; recordType: string; description: string } | null }[];
}

async function evaluationOf(uscc: string, headers: Record<string, string> = {}, extra = ''): Promise<Evaluation & Record<string, unknown>> {
  const { body } = await gql(`query($u: String!) { legalPerson(uscc: $u) { creditEvaluation { ${EVALUATION} ${extra} } } }`, { u: uscc }, headers);
  expect(body.errors).toBeUndefined();
  return body.data.legalPerson.creditEvaluation;
}

const sum = (e: Evaluation) => e.baseScore + e.contributions.reduce((s, c) => s + c.points, 0);

let grades: { grade: string; minScore: number | null }[] = [];
const expectedGrade = (score: number) => grades.find((g) => g.minScore === null || score >= g.minScore)!.grade;

let clean: string[] = [];
beforeAll(async () => {
  const found = await rows<{ uscc: string }>(
    db(),
    sql`select uscc from platform.legal_person lp where kind = 'ENTERPRISE'
          and not exists (select 1 from judicial.dishonest_judgment_debtor d where d.subject_uscc = lp.uscc)
          and not exists (select 1 from judicial.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from business.tax_credit_rating r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from business.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from business.credit_commitment r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from social.wage_arrears_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from social.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from government.sector_record r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from government.administrative_penalty r where r.subject_uscc = lp.uscc)
          and not exists (select 1 from government.administrative_licence r where r.subject_uscc = lp.uscc)
        order by uscc limit 10`,
  );
  clean = found.map((r) => r.uscc);
  expect(clean.length).toBe(10);
  const { body } = await gql(`{ evaluationGrades { grade minScore label } }`);
  grades = body.data.evaluationGrades;
  expect(grades.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'D']);
});

describe('the evaluation of a legal person', () => {
  it('sums its explanation to its score for seeded subjects of different standing', async () => {
    const seeded = await rows<{ uscc: string }>(db(), sql`select uscc from platform.legal_person order by uscc limit 60`);
    const usccs = [SHOWCASE.enterprise.uscc, ...seeded.map((r) => r.uscc.trim()).filter((u) => u !== SHOWCASE.enterprise.uscc)];
    const { body } = await gql(`query($u: [String!]!) { legalPersons(usccs: $u) { uscc creditEvaluation { ${EVALUATION} } } }`, { u: usccs });
    expect(body.errors).toBeUndefined();
    const evaluations = body.data.legalPersons.map((lp: { creditEvaluation: Evaluation }) => lp.creditEvaluation) as Evaluation[];
    for (const e of evaluations) {
      expect(e.baseScore).toBe(1000);
      expect(sum(e)).toBe(e.score);
      expect(e.grade).toBe(expectedGrade(e.score));
      for (const c of e.contributions) {
        expect(Math.sign(c.points)).toBe(Math.sign(c.rule.points));
        expect(Math.abs(c.points)).toBeLessThanOrEqual(Math.abs(c.rule.points));
      }
    }
    // The seed makes subjects of several grades, and the versions of one request agree.
    expect(new Set(evaluations.map((e) => e.grade)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(evaluations.map((e) => e.ruleSetVersion)).size).toBe(1);
    // The showcase enterprise is a dishonest debtor and an A-grade taxpayer: both are explained.
    const showcase = evaluations[0]!;
    expect(showcase.contributions.map((c) => c.rule.code)).toEqual(expect.arrayContaining(['BLACK_LISTING', 'RED_LISTING', 'DISHONEST_DEBTOR', 'TAX_GRADE_A']));
    expect(showcase.contributions.find((c) => c.rule.code === 'DISHONEST_DEBTOR')!.evidence!.recordType).toBe('DishonestJudgmentDebtor');
  });

  it('changes at once when a record is submitted, and a cap holds', async () => {
    const uscc = clean[0]!;
    const before = await evaluationOf(uscc);
    expect(before).toMatchObject({ score: 1000, grade: 'B', contributions: [] });

    const tax = await auth('department', 'dl-tax', { scopes: ['gov:internal', 'gov:write:business'] });
    const submit = `mutation($r: [BusinessRecordInput!]!) { submitBusinessRecords(input: { records: $r }) { results { status id } } }`;
    const record = (n: number) => ({
      sector: 'TAXATION', category: '重大税收违法失信案件', subjectCategory: 'LEGAL_PERSON', subjectName: '测试企业', subjectUscc: uscc,
      polarity: 'NEGATIVE', severity: 'SEVERE', title: `虚开增值税专用发票${n}`, facts: '虚开增值税专用发票。', documentNumber: `大税稽〔2026〕${Math.floor(Math.random() * 1e9)}号`,
      decisionDate: addCalendarDays(today, -10 - n), ...TAX,
    });
    const { body } = await gql(submit, { r: [record(1)] }, tax);
    expect(body.data.submitBusinessRecords.results[0].status).toBe('ACCEPTED');
    const recordId = body.data.submitBusinessRecords.results[0].id;

    const after = await evaluationOf(uscc);
    // 重大税收违法失信主体名单 (−300) and the severe record itself (−60).
    expect(after.contributions.map((c) => [c.rule.code, c.points])).toEqual([['BLACK_LISTING', -300], ['SEVERE_SECTOR_RECORD', -60]]);
    expect(after.contributions.every((c) => c.evidence!.recordId === recordId)).toBe(true);
    expect(after).toMatchObject({ score: 640, grade: 'D' });

    // Four more severe records: the record rule stops at its cap of 180, the newest counted first.
    await gql(submit, { r: [record(2), record(3), record(4), record(5)] }, tax);
    const capped = await evaluationOf(uscc);
    const severe = capped.contributions.filter((c) => c.rule.code === 'SEVERE_SECTOR_RECORD');
    expect(severe.map((c) => c.points)).toEqual([-60, -60, -60]);
    expect(severe[0]!.evidence!.recordId).toBe(recordId);
    expect(sum(capped)).toBe(capped.score);
    expect(capped.score).toBe(1000 - 300 - 180);

    // Revoking the records takes them out of the evaluation in the same instant.
    await rows(db(), sql`update business.sector_record set status = 'REVOKED' where subject_uscc = ${uscc}`);
    expect(await evaluationOf(uscc)).toMatchObject({ score: 1000, grade: 'B', contributions: [] });
  });

  it('hides non-public evidence from anonymous callers, not from departments or the subject', async () => {
    const uscc = clean[1]!;
    await rows(db(), sql`insert into business.tax_credit_rating (subject_uscc, year, grade, authority_name, authority_uscc, published_date)
      values (${uscc}, 2025, 'D', ${TAX.authorityName}, ${TAX.authorityUscc}, '2026-04-20')`);
    const anonymous = await evaluationOf(uscc);
    expect(anonymous.score).toBe(940);
    expect(anonymous.grade).toBe('C');
    expect(anonymous.contributions).toEqual([{ points: -60, capped: false, evidenceWithheld: true, rule: { code: 'TAX_GRADE_D', points: -60, cap: 60 }, evidence: null }]);

    const department = await evaluationOf(uscc, await auth('department', 'dl-market'), 'supervision { level label inspectionRatePercent }');
    expect(department.contributions[0]).toMatchObject({ evidenceWithheld: false, evidence: { recordType: 'TaxCreditRating', domain: 'BUSINESS', description: '2025年度纳税信用D级' } });
    expect(department.supervision).toEqual({ level: 'ENHANCED', label: '提高抽查比例和频次，重点关注', inspectionRatePercent: 20 });
    expect({ ...department, evaluatedAt: 0, supervision: 0, contributions: 0 }).toEqual({ ...anonymous, evaluatedAt: 0, supervision: 0, contributions: 0 });

    const self = await evaluationOf(uscc, await auth('subject', uscc, { subjectType: 'LEGAL_PERSON' }));
    expect(self.contributions[0]!.evidence).not.toBeNull();
    // Another subject is the public for this one.
    const other = await evaluationOf(uscc, await auth('subject', clean[2]!, { subjectType: 'LEGAL_PERSON' }));
    expect(other.contributions[0]!.evidence).toBeNull();

    // Supervision is for government-internal callers only.
    const { body } = await gql(`query($u: String!) { legalPerson(uscc: $u) { creditEvaluation { grade supervision { level } } } }`, { u: uscc });
    expect(body.data.legalPerson.creditEvaluation).toEqual({ grade: 'C', supervision: null });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(body.errors?.[0]?.path).toEqual(['legalPerson', 'creditEvaluation', 'supervision']);
    // The facts the domains report are not part of the API.
    const facts = await gql(`query($u: String!) { legalPerson(uscc: $u) { businessEvaluationFacts { recordId } } }`, { u: uscc });
    expect(facts.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

const DEFINE = `mutation($i: DefineEvaluationRuleInput!) { defineEvaluationRule(input: $i) { rule { id code description factKind recordTypes polarity window points cap status } } }`;
const UPDATE = `mutation($i: UpdateEvaluationRuleInput!) { updateEvaluationRule(input: $i) { rule { id points cap status } } }`;
const WITHDRAW = `mutation($i: WithdrawEvaluationRuleInput!) { withdrawEvaluationRule(input: $i) { rule { id status } } }`;

describe('the rule set', () => {
  it('is public, and an admin change rescores at once', async () => {
    const uscc = clean[3]!;
    const admin = await auth('admin', 'admin-1');
    const { body } = await gql(`{ evaluationRules { id code description points cap window status } }`);
    const rules = body.data.evaluationRules as { id: string; code: string; points: number }[];
    expect(rules.map((r) => r.code)).toEqual(expect.arrayContaining(['BLACK_LISTING', 'DISHONEST_DEBTOR', 'TAX_GRADE_A', 'HONOUR', 'COMMITMENT_KEPT']));
    await rows(db(), sql`insert into business.tax_credit_rating (subject_uscc, year, grade, authority_name, authority_uscc, published_date)
      values (${uscc}, 2025, 'A', ${TAX.authorityName}, ${TAX.authorityUscc}, '2026-04-20')`);
    const before = await evaluationOf(uscc);
    expect(before.contributions.map((c) => [c.rule.code, c.points])).toEqual([['RED_LISTING', 50], ['TAX_GRADE_A', 30]]);
    expect(before).toMatchObject({ score: 1080, grade: 'A' });

    const taxA = rules.find((r) => r.code === 'TAX_GRADE_A')!;
    const updated = await gql(UPDATE, { i: { id: taxA.id, points: 10, cap: 10 } }, admin);
    expect(updated.body.data.updateEvaluationRule.rule).toMatchObject({ points: 10, cap: 10 });
    const after = await evaluationOf(uscc);
    expect(after).toMatchObject({ score: 1060, grade: 'A' });
    expect(after.ruleSetVersion).not.toBe(before.ruleSetVersion);

    // A new rule counts from the next read; withdrawn, it stops.
    const defined = await gql(DEFINE, { i: { code: `TEST_TAX_${Math.floor(Math.random() * 1e6)}`, description: '测试：A级纳税人扣分', factKind: 'RECORD', recordTypes: ['TaxCreditRating'], category: 'A', points: -40 } }, admin);
    expect(defined.body.errors).toBeUndefined();
    const rule = defined.body.data.defineEvaluationRule.rule;
    expect(rule).toMatchObject({ window: 'PUBLIC', cap: null, status: 'ACTIVE', recordTypes: ['TaxCreditRating'] });
    expect(await evaluationOf(uscc)).toMatchObject({ score: 1020, grade: 'B' });
    expect((await gql(WITHDRAW, { i: { id: rule.id } }, admin)).body.data.withdrawEvaluationRule.rule.status).toBe('WITHDRAWN');
    expect(await evaluationOf(uscc)).toMatchObject({ score: 1060 });
    expect((await gql(WITHDRAW, { i: { id: rule.id } }, admin)).body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_WITHDRAWN' });
    const all = await gql(`{ evaluationRules(includeWithdrawn: true) { id status } }`);
    expect(all.body.data.evaluationRules).toContainEqual({ id: rule.id, status: 'WITHDRAWN' });

    // Grade bands move the grade without touching the score.
    const SET = `mutation($i: SetEvaluationGradesInput!) { setEvaluationGrades(input: $i) { grades { grade minScore label supervision { level } } } }`;
    const band = (grade: string, minScore: number | null, level: string) => ({ grade, minScore, label: `${grade}级`, supervisionLevel: level, supervisionLabel: '抽查', inspectionRatePercent: 5 });
    const set = await gql(SET, { i: { grades: [band('A', 1100, 'LOW'), band('B', 950, 'NORMAL'), band('C', 800, 'ENHANCED'), band('D', null, 'STRICT')] } }, admin);
    expect(set.body.errors).toBeUndefined();
    expect(await evaluationOf(uscc)).toMatchObject({ score: 1060, grade: 'B', gradeLabel: 'B级' });
    const refused = async (list: unknown[]) => (await gql(SET, { i: { grades: list } }, admin)).body.errors?.[0]?.extensions;
    expect(await refused([band('A', 900, 'LOW'), band('B', 950, 'NORMAL'), band('C', 800, 'ENHANCED'), band('D', null, 'STRICT')])).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.grades.1.minScore', reason: 'NOT_DESCENDING' });
    expect(await refused([band('A', 1100, 'LOW'), band('B', 950, 'NORMAL'), band('D', null, 'STRICT')])).toMatchObject({ argument: 'input.grades', reason: 'MISSING_GRADE' });
    expect(await refused([band('A', 1100, 'LOW'), band('B', 950, 'NORMAL'), band('C', 800, 'ENHANCED'), band('D', 10, 'STRICT')])).toMatchObject({ argument: 'input.grades.3.minScore', reason: 'NOT_ALLOWED' });
    // Back to the default scheme for the other tests.
    await gql(SET, { i: { grades: [
      { grade: 'A', minScore: 1050, label: '信用优秀', supervisionLevel: 'LOW', supervisionLabel: '低频次抽查，无事不扰', inspectionRatePercent: 3 },
      { grade: 'B', minScore: 950, label: '信用良好', supervisionLevel: 'NORMAL', supervisionLabel: '常规比例抽查', inspectionRatePercent: 5 },
      { grade: 'C', minScore: 800, label: '信用一般', supervisionLevel: 'ENHANCED', supervisionLabel: '提高抽查比例和频次，重点关注', inspectionRatePercent: 20 },
      { grade: 'D', minScore: null, label: '信用较差', supervisionLevel: 'STRICT', supervisionLabel: '严格监管，列为重点检查对象', inspectionRatePercent: 50 },
    ] } }, admin);
    await gql(UPDATE, { i: { id: taxA.id, points: 30, cap: 30 } }, admin);
    expect(await evaluationOf(uscc)).toMatchObject({ score: 1080, grade: 'A' });
  });

  it('refuses bad rules with the field and reason, and anyone but admins', async () => {
    const admin = await auth('admin', 'admin-1');
    const good = { code: 'TEST_GOOD_RULE', description: '测试规则', factKind: 'RECORD', severity: 'SEVERE', points: -5, cap: 20 };
    const refusal = async (over: Record<string, unknown>, headers = admin) => (await gql(DEFINE, { i: { ...good, ...over } }, headers)).body.errors?.[0]?.extensions;
    expect(await refusal({ points: 0 })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.points', reason: 'ZERO_POINTS' });
    expect(await refusal({ points: 5000 })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.points', reason: 'OUT_OF_RANGE' });
    expect(await refusal({ cap: 2 })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.cap', reason: 'CAP_BELOW_POINTS' });
    expect(await refusal({ code: 'bad code' })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.code', reason: 'INVALID_CODE' });
    expect(await refusal({ description: ' ' })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.description', reason: 'REQUIRED' });
    expect(await refusal({ recordTypes: ['BusinessRecord', 'Nonsense'] })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.recordTypes.1', reason: 'UNKNOWN_RECORD_TYPE' });
    expect(await refusal({ listType: 'BLACK' })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.listType', reason: 'LIST_TYPE_NEEDS_LISTING' });
    expect(await refusal({ factKind: null, severity: null })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input', reason: 'NO_MATCHER' });
    expect(await refusal({ code: 'BLACK_LISTING' })).toMatchObject({ code: 'CONFLICT', argument: 'input.code', reason: 'DUPLICATE_RULE' });
    expect(await refusal({}, await auth('department', 'dl-market'))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await gql(DEFINE, { i: good })).body.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    expect((await gql(UPDATE, { i: { id: 'bogus', points: 1 } }, admin)).body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID' });
    // Nothing of the refused attempts was written.
    const { body } = await gql(`{ evaluationRules(includeWithdrawn: true) { code } }`);
    expect(body.data.evaluationRules.map((r: { code: string }) => r.code)).not.toContain('TEST_GOOD_RULE');
  });
});
