import { createHash } from 'node:crypto';
import type { Caller } from '../kernel/auth/evaluate.ts';
import { shanghaiDate } from '../kernel/calendar.ts';
import { badUserInput, codedError } from '../kernel/errors.ts';
import type { EvaluationFact } from '../kernel/evaluation-facts.ts';
import { fromGlobalId, toGlobalId } from '../kernel/global-id.ts';
import { LISTING_DOMAINS } from './sanctions.ts';
import type { EvaluationGradeRow, EvaluationRuleRow } from './evaluation-store.ts';

/**
 * 公共信用综合评价 (task 3): a transparent score from data rules. Every subject starts from
 * BASE_SCORE; each active rule adds its points for every fact it matches (up to its cap); the
 * grade is the highest band whose minimum the score reaches, and the grade maps to a supervision
 * level. Nothing is stored: the evaluation is computed when read, from the facts the domains
 * report through federation and from recognized partner results.
 */
export const BASE_SCORE = 1000;
/** Archived facts count for five years after the decision (征信业管理条例 art. 16). */
export const ARCHIVE_YEARS = 5;
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export const RECORD_TYPES = [
  'AdministrativePenalty',
  'AdministrativeLicence',
  'GovernmentRecord',
  'TaxCreditRating',
  'BusinessRecord',
  'CreditCommitment',
  'WageArrearsRecord',
  'SocialRecord',
  'DishonestJudgmentDebtor',
  'JudicialRecord',
  'CreditListing',
] as const;
/** Revoked and repaired records never count: revocation and repair take a record out of the evaluation. */
const NEVER_COUNTED = new Set(['REVOKED', 'REPAIRED']);

export type FactsOfDomains = { [K in `${(typeof LISTING_DOMAINS)[number]}EvaluationFacts`]?: EvaluationFact[] | null };

export interface ContributionModel {
  subjectUscc: string;
  rule: EvaluationRuleRow;
  points: number;
  capped: boolean;
  fact: EvaluationFact;
}

export interface EvaluationModel {
  subjectUscc: string;
  score: number;
  baseScore: number;
  grade: EvaluationGradeRow;
  ruleSetVersion: string;
  evaluatedAt: string;
  contributions: ContributionModel[];
}

/**
 * A subject's evaluation as the API hands it out: computed on first use by any of its fields.
 * Access to a protected field (supervision) is thus decided before the facts are needed, as for
 * any other field, and a field that needs them fails alone when a domain cannot answer.
 */
export interface EvaluationHandle {
  subjectUscc: string;
  evaluation: () => Promise<EvaluationModel>;
}

export function evaluationHandle(subjectUscc: string, compute: () => Promise<EvaluationModel>): EvaluationHandle {
  let pending: Promise<EvaluationModel> | undefined;
  return { subjectUscc, evaluation: () => (pending ??= compute()) };
}

/** Every domain's facts together; a domain that could not answer makes the evaluation unknown, never better. */
export function combinedFacts(of: object): EvaluationFact[] {
  const parent = of as FactsOfDomains;
  const missing = LISTING_DOMAINS.filter((d) => !Array.isArray(parent[`${d}EvaluationFacts`]));
  if (missing.length > 0) {
    throw codedError('SERVICE_UNAVAILABLE', `the evaluation facts of ${missing.join(', ')} could not be read; try again`, { reason: 'FACTS_UNAVAILABLE', domains: missing });
  }
  return LISTING_DOMAINS.flatMap((d) => parent[`${d}EvaluationFacts`] ?? []);
}

/** The four fact fields of a `@requires` representation, nothing else from it. */
export function factsOf(representation: object): FactsOfDomains {
  const r = representation as FactsOfDomains;
  return Object.fromEntries(LISTING_DOMAINS.filter((d) => `${d}EvaluationFacts` in r).map((d) => [`${d}EvaluationFacts`, r[`${d}EvaluationFacts`]]));
}

function yearsBefore(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}${date.slice(4)}`;
}

export function ruleMatches(rule: EvaluationRuleRow, fact: EvaluationFact, today = shanghaiDate()): boolean {
  if (fact.status && NEVER_COUNTED.has(fact.status)) return false;
  if (rule.window === 'PUBLIC' && !fact.inPublicWindow) return false;
  if (rule.window === 'ARCHIVED') {
    if (fact.inPublicWindow) return false;
    if (!fact.decisionDate || fact.decisionDate < yearsBefore(today, ARCHIVE_YEARS)) return false;
  }
  if (rule.factKind && rule.factKind !== fact.kind) return false;
  if (rule.domain && rule.domain !== fact.domain) return false;
  if (rule.recordTypes && rule.recordTypes.length > 0 && !rule.recordTypes.includes(fact.recordType)) return false;
  if (rule.sector && rule.sector !== fact.sector) return false;
  if (rule.category && rule.category !== fact.category) return false;
  if (rule.polarity && rule.polarity !== fact.polarity) return false;
  if (rule.severity && rule.severity !== fact.severity) return false;
  if (rule.listType && rule.listType !== fact.listType) return false;
  return true;
}

/** The grade of a score: the highest band whose minimum it reaches (the lowest band has none). */
export function gradeOf(score: number, grades: readonly EvaluationGradeRow[]): EvaluationGradeRow {
  const ordered = [...grades].sort((a, b) => GRADES.indexOf(a.grade as never) - GRADES.indexOf(b.grade as never));
  return ordered.find((g) => g.minScore === null || score >= g.minScore) ?? ordered.at(-1)!;
}

/** A fingerprint of the scheme (active rules and bands): two evaluations with one version used the same rules. */
export function ruleSetVersion(rules: readonly EvaluationRuleRow[], grades: readonly EvaluationGradeRow[]): string {
  const scheme = {
    rules: rules.map((r) => [r.id, r.code, r.factKind, r.domain, r.recordTypes, r.sector, r.category, r.polarity, r.severity, r.listType, r.window, r.points, r.cap]),
    grades: grades.map((g) => [g.grade, g.minScore]),
    base: BASE_SCORE,
  };
  return createHash('sha256').update(JSON.stringify(scheme)).digest('hex').slice(0, 16);
}

/**
 * Scores facts under the active rules, in rule order; within a rule the newest facts count
 * first, so a cap keeps the most recent conduct. The explanation sums to the score exactly.
 */
export function evaluate(subjectUscc: string, facts: readonly EvaluationFact[], rules: readonly EvaluationRuleRow[], grades: readonly EvaluationGradeRow[], today = shanghaiDate()): EvaluationModel {
  const active = rules.filter((r) => r.status === 'ACTIVE').sort((a, b) => a.id - b.id);
  const ordered = [...facts].sort((a, b) => (b.decisionDate ?? '').localeCompare(a.decisionDate ?? '') || a.recordId.localeCompare(b.recordId));
  const contributions: ContributionModel[] = [];
  for (const rule of active) {
    let total = 0;
    for (const fact of ordered) {
      if (!ruleMatches(rule, fact, today)) continue;
      const room = rule.cap === null ? Infinity : rule.cap - Math.abs(total);
      if (room <= 0) break;
      const size = Math.min(Math.abs(rule.points), room);
      const points = Math.sign(rule.points) * size;
      total += points;
      contributions.push({ subjectUscc, rule, points, capped: size < Math.abs(rule.points), fact });
    }
  }
  const score = BASE_SCORE + contributions.reduce((sum, c) => sum + c.points, 0);
  return {
    subjectUscc,
    score,
    baseScore: BASE_SCORE,
    grade: gradeOf(score, grades),
    ruleSetVersion: ruleSetVersion(active, grades),
    evaluatedAt: new Date().toISOString(),
    contributions,
  };
}

/**
 * Who sees the evidence of a non-public fact: government-internal callers and admins, and the
 * subject itself. Everyone else sees the contribution (rule and points) without its record.
 */
export function maySeeNonPublicEvidence(caller: Caller, subjectUscc: string): boolean {
  const { principal } = caller;
  if (principal.scopes.has('gov:internal') || principal.scopes.has('platform:admin')) return true;
  return principal.kind === 'subject' && principal.subjectType === 'LEGAL_PERSON' && principal.id === subjectUscc && principal.scopes.has('self');
}

export const ruleGlobalId = (id: number) => toGlobalId('platform', 'EvaluationRule', id);

export function parseRuleId(id: string, argument: string): number {
  const g = fromGlobalId(id, argument);
  const n = Number(g.key);
  if (g.domain !== 'platform' || g.type !== 'EvaluationRule' || !Number.isSafeInteger(n) || n <= 0) throw badUserInput(argument, 'INVALID_ID', 'is not the id of an EvaluationRule');
  return n;
}

const RULE_CODE = /^[A-Z][A-Z0-9_]{2,63}$/;
const MAX_POINTS = 1000;
const MAX_CAP = 10000;

export function checkRuleCode(code: string, argument: string): string {
  const c = code.trim();
  if (!RULE_CODE.test(c)) throw badUserInput(argument, 'INVALID_CODE', 'upper-case letters, digits and underscores, 3–64 characters, starting with a letter');
  return c;
}

export function checkPoints(points: number, argument: string): number {
  if (points === 0) throw badUserInput(argument, 'ZERO_POINTS', 'a rule must add or deduct points');
  if (Math.abs(points) > MAX_POINTS) throw badUserInput(argument, 'OUT_OF_RANGE', `between −${MAX_POINTS} and ${MAX_POINTS}`);
  return points;
}

export function checkCap(cap: number | null, points: number, argument: string): number | null {
  if (cap === null) return null;
  if (cap > MAX_CAP) throw badUserInput(argument, 'OUT_OF_RANGE', `at most ${MAX_CAP}`);
  if (cap < Math.abs(points)) throw badUserInput(argument, 'CAP_BELOW_POINTS', `the cap must be at least the points of one fact (${Math.abs(points)})`);
  return cap;
}

export function checkRecordTypes(types: readonly string[] | null | undefined, argument: string): string[] | null {
  if (!types || types.length === 0) return null;
  types.forEach((t, i) => {
    if (!(RECORD_TYPES as readonly string[]).includes(t)) throw badUserInput(`${argument}.${i}`, 'UNKNOWN_RECORD_TYPE', `${t} is not a record type of the platform (${RECORD_TYPES.join(', ')})`);
  });
  return [...new Set(types)];
}

export interface GradeInput {
  grade: string;
  minScore?: number | null;
  label: string;
  supervisionLevel: string;
  supervisionLabel: string;
  inspectionRatePercent: number;
}

/** The bands must be A, B, C and D once each, with strictly falling minimums and none for D. */
export function checkGrades(grades: readonly GradeInput[]): GradeInput[] {
  const seen = new Set<string>();
  grades.forEach((g, i) => {
    if (seen.has(g.grade)) throw badUserInput(`input.grades.${i}.grade`, 'DUPLICATE_GRADE', `${g.grade} is given twice`);
    seen.add(g.grade);
    if (!g.label.trim() || g.label.length > 50) throw badUserInput(`input.grades.${i}.label`, 'REQUIRED', '1–50 characters');
    if (!g.supervisionLabel.trim() || g.supervisionLabel.length > 200) throw badUserInput(`input.grades.${i}.supervisionLabel`, 'REQUIRED', '1–200 characters');
    if (g.inspectionRatePercent < 0 || g.inspectionRatePercent > 100) throw badUserInput(`input.grades.${i}.inspectionRatePercent`, 'OUT_OF_RANGE', '0–100');
  });
  const missing = GRADES.filter((g) => !seen.has(g));
  if (missing.length > 0) throw badUserInput('input.grades', 'MISSING_GRADE', `every grade needs a band: ${missing.join(', ')} missing`);
  const ordered = [...grades].sort((a, b) => GRADES.indexOf(a.grade as never) - GRADES.indexOf(b.grade as never));
  let previous = Infinity;
  for (const g of ordered) {
    const i = grades.indexOf(g);
    if (g.grade === 'D') {
      if (g.minScore != null) throw badUserInput(`input.grades.${i}.minScore`, 'NOT_ALLOWED', 'the lowest band (D) takes every score below C');
      continue;
    }
    if (g.minScore == null) throw badUserInput(`input.grades.${i}.minScore`, 'REQUIRED', `grade ${g.grade} needs a minimum score`);
    if (g.minScore >= previous) throw badUserInput(`input.grades.${i}.minScore`, 'NOT_DESCENDING', `grade ${g.grade} must start below the grade above it (${previous})`);
    previous = g.minScore;
  }
  return ordered;
}
