import { actingDepartment, departmentsByCode } from '../../kernel/access/departments.ts';
import { shanghaiDate } from '../../kernel/calendar.ts';
import { badUserInput, codedError } from '../../kernel/errors.ts';
import { MAX_BULK_CODES } from '../../kernel/pagination.ts';
import { checkUscc, parseUsccArgument } from '../../kernel/uscc.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import type { Context } from '../loaders.ts';
import { caseOwnedBy, checkActionFitsList, optionalText, parseRowId, requiredText } from '../sanctions.ts';
import { insertFeedback, insertMeasure, listMeasures, measureById, openCases, registeredUsccs, updateMeasure } from '../sanctions-store.ts';

type SanctionMutations = Pick<
  MutationResolvers,
  'defineSanctionMeasure' | 'updateSanctionMeasure' | 'withdrawSanctionMeasure' | 'sanctionsCheck' | 'sanctionsCheckBatch' | 'reportSanctionFeedback'
>;

async function loadMeasure(ctx: Context, id: string) {
  const row = await measureById(ctx.db, parseRowId(id, 'SanctionMeasure', 'input.id'));
  if (!row) throw codedError('NOT_FOUND', 'no such measure', { argument: 'input.id', reason: 'UNKNOWN_MEASURE' });
  return row;
}

/** Joint rewards and sanctions: the measures list (admins), checks and feedback (departments). */
export const sanctionMutations: SanctionMutations = {
  defineSanctionMeasure: async (_p, { input }, ctx) => {
    checkActionFitsList(input.action, input.listType, 'input.action');
    const listName = optionalText(input.listName, 'input.listName', 100);
    const legalBasis = requiredText(input.legalBasis, 'input.legalBasis', 1000);
    const content = requiredText(input.content, 'input.content', 2000);
    const [department] = await departmentsByCode(ctx.db, [input.department]);
    if (!department) throw badUserInput('input.department', 'UNKNOWN_DEPARTMENT', `no registered department ${input.department}`);
    const same = (await listMeasures(ctx.db, { listType: input.listType, scenario: input.scenario, department: input.department })).find(
      (m) => m.listName === listName && m.action === input.action && m.content === content,
    );
    if (same) throw codedError('CONFLICT', 'the same measure is already on the list', { reason: 'DUPLICATE_MEASURE', argument: 'input' });
    const measure = await insertMeasure(ctx.db, {
      listType: input.listType,
      listName,
      scenario: input.scenario,
      departmentCode: department.code,
      legalBasis,
      action: input.action,
      content,
      createdBy: ctx.caller.principal.id ?? 'unknown',
    });
    return { measure };
  },

  updateSanctionMeasure: async (_p, { input }, ctx) => {
    const current = await loadMeasure(ctx, input.id);
    if (current.status !== 'ACTIVE') throw codedError('CONFLICT', 'a withdrawn measure is not changed', { reason: 'WITHDRAWN', argument: 'input.id' });
    const set: Parameters<typeof updateMeasure>[2] = {};
    if (input.listName !== undefined) set.listName = optionalText(input.listName, 'input.listName', 100);
    if (input.legalBasis != null) set.legalBasis = requiredText(input.legalBasis, 'input.legalBasis', 1000);
    if (input.content != null) set.content = requiredText(input.content, 'input.content', 2000);
    if (input.action != null) set.action = input.action;
    if (Object.keys(set).length === 0) throw badUserInput('input', 'NOTHING_TO_CHANGE', 'name at least one of listName, legalBasis, action, content');
    checkActionFitsList(set.action ?? current.action, current.listType, 'input.action');
    return { measure: (await updateMeasure(ctx.db, current.id, set))! };
  },

  withdrawSanctionMeasure: async (_p, { input }, ctx) => {
    const current = await loadMeasure(ctx, input.id);
    if (current.status !== 'ACTIVE') throw codedError('CONFLICT', 'the measure is already withdrawn', { reason: 'ALREADY_WITHDRAWN', argument: 'input.id' });
    return { measure: (await updateMeasure(ctx.db, current.id, { status: 'WITHDRAWN' }))! };
  },

  sanctionsCheck: async (_p, { input }, ctx) => {
    const department = await actingDepartment(ctx.db, ctx.caller);
    const uscc = parseUsccArgument(input.uscc, 'input.uscc');
    if (!(await ctx.loaders.legalPerson.load(uscc))) throw codedError('NOT_FOUND', `${uscc} is not registered`, { argument: 'input.uscc', reason: 'UNKNOWN_SUBJECT' });
    const [opened] = await openCases(ctx.db, { departmentCode: department.code, scenario: input.scenario, checkedOn: shanghaiDate(), usccs: [uscc] });
    return { case: opened! };
  },

  sanctionsCheckBatch: async (_p, { input }, ctx) => {
    const department = await actingDepartment(ctx.db, ctx.caller);
    if (input.usccs.length === 0) throw badUserInput('input.usccs', 'EMPTY', 'at least one code');
    if (input.usccs.length > MAX_BULK_CODES) throw badUserInput('input.usccs', 'TOO_MANY_CODES', `at most ${MAX_BULK_CODES} codes per call, got ${input.usccs.length}`);
    const seen = new Set<string>();
    type Row = { index: number; uscc: string; problem: { field: string; reason: string; message: string } | null };
    const rows = input.usccs.map((raw, index): Row => {
      const check = checkUscc(raw);
      if (!check.valid) return { index, uscc: raw, problem: { field: `usccs.${index}`, reason: check.reason, message: check.message } };
      if (seen.has(check.code)) return { index, uscc: check.code, problem: { field: `usccs.${index}`, reason: 'DUPLICATE', message: 'the code is already in this batch' } };
      seen.add(check.code);
      return { index, uscc: check.code, problem: null };
    });
    const registered = await registeredUsccs(ctx.db, rows.filter((r) => !r.problem).map((r) => r.uscc));
    for (const r of rows) {
      if (!r.problem && !registered.has(r.uscc)) r.problem = { field: `usccs.${r.index}`, reason: 'UNKNOWN_SUBJECT', message: `${r.uscc} is not registered` };
    }
    const toOpen = rows.filter((r) => !r.problem);
    const opened = await openCases(ctx.db, { departmentCode: department.code, scenario: input.scenario, checkedOn: shanghaiDate(), usccs: toOpen.map((r) => r.uscc) });
    const caseOf = new Map(toOpen.map((r, i) => [r.index, opened[i]!]));
    return {
      checked: opened.length,
      rejected: rows.length - opened.length,
      results: rows.map((r) => ({
        index: r.index,
        uscc: r.uscc,
        status: r.problem ? ('REJECTED' as const) : ('CHECKED' as const),
        case: caseOf.get(r.index) ?? null,
        problems: r.problem ? [r.problem] : [],
      })),
    };
  },

  reportSanctionFeedback: async (_p, { input }, ctx) => {
    const department = await actingDepartment(ctx.db, ctx.caller);
    const c = await ctx.loaders.sanctionCase.load(parseRowId(input.caseId, 'SanctionCase', 'input.caseId'));
    if (!c) throw codedError('NOT_FOUND', 'no such case', { argument: 'input.caseId', reason: 'UNKNOWN_CASE' });
    caseOwnedBy(ctx.caller, c);
    const reason = optionalText(input.reason, 'input.reason', 1000);
    if (input.outcome === 'NOT_APPLIED' && !reason) throw badUserInput('input.reason', 'REQUIRED', 'say why the measures were not applied');
    if (input.actionDate < c.checkedOn) throw badUserInput('input.actionDate', 'BEFORE_CHECK', `the case was checked on ${c.checkedOn}`);
    if (input.actionDate > shanghaiDate()) throw badUserInput('input.actionDate', 'FUTURE_DATE', 'must not be after today');
    await insertFeedback(ctx.db, {
      caseId: c.id,
      outcome: input.outcome,
      reason,
      actionDate: input.actionDate,
      details: optionalText(input.details, 'input.details', 2000),
      reportedBy: department.code,
    });
    ctx.loaders.sanctionFeedback.clear(c.id);
    return { case: c };
  },
};
