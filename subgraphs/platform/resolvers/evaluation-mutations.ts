import { badUserInput, codedError } from '../../kernel/errors.ts';
import type { MutationResolvers, QueryResolvers } from '../generated/resolvers-types.ts';
import { checkCap, checkGrades, checkPoints, checkRecordTypes, checkRuleCode, parseRuleId } from '../evaluation.ts';
import { insertRule, listGrades, listRules, replaceGrades, ruleById, updateRule } from '../evaluation-store.ts';
import type { Context } from '../loaders.ts';
import { optionalText, requiredText } from '../sanctions.ts';

type EvaluationMutations = Pick<MutationResolvers, 'defineEvaluationRule' | 'updateEvaluationRule' | 'withdrawEvaluationRule' | 'setEvaluationGrades'>;

async function loadRule(ctx: Context, id: string) {
  const row = await ruleById(ctx.db, parseRuleId(id, 'input.id'));
  if (!row) throw codedError('NOT_FOUND', 'no such rule', { argument: 'input.id', reason: 'UNKNOWN_RULE' });
  return row;
}

/** The evaluation scheme, public for transparency. */
export const evaluationQueries: Pick<QueryResolvers, 'evaluationRules' | 'evaluationGrades'> = {
  evaluationRules: (_p, { includeWithdrawn }, ctx) => listRules(ctx.db, includeWithdrawn ?? false),
  evaluationGrades: (_p, _a, ctx) => listGrades(ctx.db),
};

/** Admins manage the rules and bands; every change scores subjects from the next read on. */
export const evaluationMutations: EvaluationMutations = {
  defineEvaluationRule: async (_p, { input }, ctx) => {
    const code = checkRuleCode(input.code, 'input.code');
    const description = requiredText(input.description, 'input.description', 500);
    const points = checkPoints(input.points, 'input.points');
    const cap = checkCap(input.cap ?? null, points, 'input.cap');
    const recordTypes = checkRecordTypes(input.recordTypes, 'input.recordTypes');
    if (input.listType && input.factKind !== 'LISTING') throw badUserInput('input.listType', 'LIST_TYPE_NEEDS_LISTING', 'a list type matches listings only: set factKind LISTING');
    const matcher = {
      factKind: input.factKind ?? null,
      domain: input.domain ?? null,
      recordTypes,
      sector: optionalText(input.sector, 'input.sector', 64),
      category: optionalText(input.category, 'input.category', 100),
      polarity: input.polarity ?? null,
      severity: input.severity ?? null,
      listType: input.listType ?? null,
    };
    if (Object.values(matcher).every((v) => v === null)) throw badUserInput('input', 'NO_MATCHER', 'a rule must say which facts it counts (factKind, domain, recordTypes, sector, category, polarity, severity or listType)');
    const rule = await insertRule(ctx.db, { code, description, ...matcher, window: input.window ?? 'PUBLIC', points, cap, createdBy: ctx.caller.principal.id ?? 'unknown' });
    if (!rule) throw codedError('CONFLICT', `a rule ${code} exists already`, { argument: 'input.code', reason: 'DUPLICATE_RULE' });
    return { rule };
  },

  updateEvaluationRule: async (_p, { input }, ctx) => {
    const current = await loadRule(ctx, input.id);
    if (current.status !== 'ACTIVE') throw codedError('CONFLICT', 'a withdrawn rule is not changed', { reason: 'WITHDRAWN', argument: 'input.id' });
    const set: Parameters<typeof updateRule>[2] = {};
    if (input.description != null) set.description = requiredText(input.description, 'input.description', 500);
    if (input.points != null) set.points = checkPoints(input.points, 'input.points');
    if (input.window != null) set.window = input.window;
    if (input.removeCap && input.cap != null) throw badUserInput('input.cap', 'CONFLICTING', 'either a cap or removeCap');
    const points = set.points ?? current.points;
    if (input.cap != null) set.cap = checkCap(input.cap, points, 'input.cap');
    else if (input.removeCap) set.cap = null;
    else if (set.points !== undefined && current.cap !== null) checkCap(current.cap, points, 'input.points');
    if (Object.keys(set).length === 0) throw badUserInput('input', 'NOTHING_TO_CHANGE', 'name at least one of description, points, cap, removeCap, window');
    return { rule: (await updateRule(ctx.db, current.id, set))! };
  },

  withdrawEvaluationRule: async (_p, { input }, ctx) => {
    const current = await loadRule(ctx, input.id);
    if (current.status !== 'ACTIVE') throw codedError('CONFLICT', 'the rule is already withdrawn', { reason: 'ALREADY_WITHDRAWN', argument: 'input.id' });
    return { rule: (await updateRule(ctx.db, current.id, { status: 'WITHDRAWN' }))! };
  },

  setEvaluationGrades: async (_p, { input }, ctx) => {
    const grades = checkGrades(input.grades).map((g) => ({
      grade: g.grade,
      minScore: g.minScore ?? null,
      label: g.label.trim(),
      supervisionLevel: g.supervisionLevel,
      supervisionLabel: g.supervisionLabel.trim(),
      inspectionRatePercent: g.inspectionRatePercent,
    }));
    return { grades: await replaceGrades(ctx.db, grades) };
  },
};
