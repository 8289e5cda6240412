import { describe, expect, it } from 'vitest';
import type { EvaluationFact } from '../../subgraphs/kernel/evaluation-facts.ts';
import { checkGrades, evaluate, gradeOf, ruleMatches, ruleSetVersion } from '../../subgraphs/platform/evaluation.ts';
import type { EvaluationGradeRow, EvaluationRuleRow } from '../../subgraphs/platform/evaluation-store.ts';
import { crossRegionListings, recognitionModels } from '../../subgraphs/platform/partners.ts';
import type { RecognitionRuleRow, RecognitionWithCity } from '../../subgraphs/platform/partners-store.ts';

const TODAY = '2026-12-01';
let nextId = 1;
const rule = (over: Partial<EvaluationRuleRow>): EvaluationRuleRow => ({
  id: nextId++, code: `R${nextId}`, description: 'r', factKind: null, domain: null, recordTypes: null, sector: null, category: null, polarity: null,
  severity: null, listType: null, window: 'PUBLIC', points: -10, cap: null, status: 'ACTIVE', createdBy: 't', createdAt: new Date(), updatedAt: new Date(), ...over,
});
const fact = (over: Partial<EvaluationFact>): EvaluationFact => ({
  kind: 'RECORD', recordId: `id-${nextId++}`, recordType: 'BusinessRecord', domain: 'BUSINESS', sector: 'TAXATION', category: 'c', polarity: 'NEGATIVE',
  severity: 'SEVERE', listType: null, listName: null, decisionDate: '2026-06-01', inPublicWindow: true, status: 'PUBLISHED', title: 't', ...over,
});
const band = (grade: string, minScore: number | null): EvaluationGradeRow => ({ grade, minScore, label: grade, supervisionLevel: 'NORMAL', supervisionLabel: 's', inspectionRatePercent: 5, updatedAt: new Date() });
const GRADES = [band('A', 1050), band('B', 950), band('C', 800), band('D', null)];

describe('evaluation rules', () => {
  it('match by every property, and never count revoked or repaired records', () => {
    const r = rule({ recordTypes: ['BusinessRecord', 'SocialRecord'], severity: 'SEVERE', polarity: 'NEGATIVE' });
    expect(ruleMatches(r, fact({}), TODAY)).toBe(true);
    expect(ruleMatches(r, fact({ recordType: 'AdministrativePenalty' }), TODAY)).toBe(false);
    expect(ruleMatches(r, fact({ severity: 'GENERAL' }), TODAY)).toBe(false);
    expect(ruleMatches(r, fact({ status: 'REVOKED' }), TODAY)).toBe(false);
    expect(ruleMatches(r, fact({ status: 'REPAIRED' }), TODAY)).toBe(false);
    expect(ruleMatches(rule({ listType: 'BLACK', factKind: 'LISTING' }), fact({ kind: 'LISTING', listType: 'RED' }), TODAY)).toBe(false);
  });

  it('count archived facts only past their window and within five years', () => {
    const archived = rule({ window: 'ARCHIVED' });
    expect(ruleMatches(archived, fact({ inPublicWindow: true }), TODAY)).toBe(false);
    expect(ruleMatches(archived, fact({ inPublicWindow: false, decisionDate: '2021-12-01' }), TODAY)).toBe(true);
    expect(ruleMatches(archived, fact({ inPublicWindow: false, decisionDate: '2021-11-30' }), TODAY)).toBe(false);
    expect(ruleMatches(rule({ window: 'PUBLIC' }), fact({ inPublicWindow: false }), TODAY)).toBe(false);
    expect(ruleMatches(rule({ window: 'ANY' }), fact({ inPublicWindow: false }), TODAY)).toBe(true);
  });

  it('sum to the score, newest facts first under a cap, in rule order', () => {
    const penalty = rule({ polarity: 'NEGATIVE', points: -40, cap: 100 });
    const bonus = rule({ polarity: 'POSITIVE', points: 15 });
    const facts = [fact({ decisionDate: '2026-01-01' }), fact({ decisionDate: '2026-03-01' }), fact({ decisionDate: '2026-02-01' }), fact({ polarity: 'POSITIVE', severity: null })];
    const e = evaluate('X', facts, [bonus, penalty].reverse(), GRADES, TODAY);
    expect(e.contributions.map((c) => [c.rule.id, c.points, c.capped, c.fact.decisionDate])).toEqual([
      [penalty.id, -40, false, '2026-03-01'],
      [penalty.id, -40, false, '2026-02-01'],
      [penalty.id, -20, true, '2026-01-01'],
      [bonus.id, 15, false, '2026-06-01'],
    ]);
    expect(e.score).toBe(1000 - 100 + 15);
    expect(e.score).toBe(e.baseScore + e.contributions.reduce((s, c) => s + c.points, 0));
    expect(e.grade.grade).toBe('C');
    // Withdrawn rules do not count, and change the version.
    const withdrawn = evaluate('X', facts, [penalty, { ...bonus, status: 'WITHDRAWN' }], GRADES, TODAY);
    expect(withdrawn.score).toBe(900);
    expect(withdrawn.ruleSetVersion).not.toBe(e.ruleSetVersion);
    expect(ruleSetVersion([penalty, bonus], GRADES)).toBe(ruleSetVersion([penalty, bonus], GRADES));
  });

  it('grade at the band boundaries', () => {
    expect(gradeOf(1050, GRADES).grade).toBe('A');
    expect(gradeOf(1049, GRADES).grade).toBe('B');
    expect(gradeOf(950, GRADES).grade).toBe('B');
    expect(gradeOf(800, GRADES).grade).toBe('C');
    expect(gradeOf(799, GRADES).grade).toBe('D');
    expect(gradeOf(-5000, GRADES).grade).toBe('D');
  });

  it('refuse grade bands that are not A–D with falling minimums', () => {
    const g = (grade: string, minScore: number | null) => ({ grade, minScore, label: grade, supervisionLevel: 'LOW', supervisionLabel: 's', inspectionRatePercent: 3 });
    expect(checkGrades([g('D', null), g('B', 900), g('A', 1000), g('C', 800)]).map((x) => x.grade)).toEqual(['A', 'B', 'C', 'D']);
    expect(() => checkGrades([g('A', 900), g('B', 900), g('C', 800), g('D', null)])).toThrow(/NOT_DESCENDING|start below/);
    expect(() => checkGrades([g('A', 1000), g('A', 900), g('C', 800), g('D', null)])).toThrow(/twice/);
    expect(() => checkGrades([g('A', 1000), g('B', 900), g('C', 800), g('D', null), { ...g('C', 1), inspectionRatePercent: 101 }])).toThrow();
  });
});

describe('recognized partner results', () => {
  const recognition = (over: Partial<RecognitionWithCity>): RecognitionWithCity => ({
    id: nextId++, partnerCode: '2101', kid: 'k', jti: `j${nextId}`, resultIndex: 0, subjectUscc: 'X', resultType: 'BLACK_LIST', grade: null, score: null,
    listName: '失信被执行人名单', authorityName: '沈阳中院', decidedOn: null, issuedAt: new Date('2026-06-01T00:00:00Z'), expiresAt: null, attestation: 'a.b.c',
    receivedAt: new Date(), cityName: '沈阳市', cityStatus: 'ACTIVE', cityRecognizes: ['BLACK_LIST', 'EVALUATION'], ...over,
  });
  const rules: RecognitionRuleRow[] = [
    { id: 1, resultType: 'BLACK_LIST', partnerGrade: null, listType: 'BLACK', listName: '跨区域失信联合惩戒对象名单', status: 'ACTIVE', updatedAt: new Date() },
    { id: 2, resultType: 'EVALUATION', partnerGrade: 'D', listType: 'KEY_ATTENTION', listName: '跨区域D级', status: 'ACTIVE', updatedAt: new Date() },
  ];
  const now = new Date('2026-12-01T00:00:00Z');

  it('take effect only while in force and under a rule', () => {
    const models = recognitionModels(
      [
        recognition({}),
        recognition({ issuedAt: new Date('2026-03-01T00:00:00Z'), expiresAt: new Date('2027-03-01T00:00:00Z') }),
        recognition({ expiresAt: new Date('2026-11-30T00:00:00Z') }),
        recognition({ cityStatus: 'SUSPENDED' }),
        recognition({ cityRecognizes: ['EVALUATION'] }),
        recognition({ resultType: 'EVALUATION', grade: 'D', listName: null }),
        recognition({ resultType: 'EVALUATION', grade: 'A', listName: null }),
      ],
      rules,
      now,
    );
    expect(models.map((m) => [m.inForce, m.listing?.listName ?? null])).toEqual([
      [true, '跨区域失信联合惩戒对象名单'],
      [true, '跨区域失信联合惩戒对象名单'],
      [false, null],
      [false, null],
      [false, null],
      [true, '跨区域D级'],
      [true, null],
    ]);
    const listings = crossRegionListings(models);
    expect(listings.map((l) => [l.listType, l.listName, l.since, l.until, l.evidenceRecordIds.length, l.domain])).toEqual([
      ['BLACK', '跨区域失信联合惩戒对象名单', '2026-03-01', null, 2, 'CROSS_REGION'],
      ['KEY_ATTENTION', '跨区域D级', '2026-06-01', null, 1, 'CROSS_REGION'],
    ]);
  });
});
