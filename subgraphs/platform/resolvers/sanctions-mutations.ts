import { actingDepartment, departmentsByCode } from '../../kernel/access/departments.ts';
import { shanghaiDate } from '../../kernel/calendar.ts';
import { badUserInput, codedError } from '../../kernel/errors.ts';
import { MAX_BULK_CODES } from '../../kernel/pagination.ts';
import { checkPersonId } from '../../kernel/id-number.ts';
import { checkUscc } from '../../kernel/uscc.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import type { Context } from '../loaders.ts';
import { crossRegionListings } from '../partners.ts';
import { appliedMeasures, caseOwnedBy, checkActionFitsList, combinedListings, optionalText, parseRowId, requiredText } from '../sanctions.ts';
import { listingsOfSubjects } from '../subject-listings.ts';
import { type CaseSubject, insertFeedback, insertMeasure, listMeasures, measureById, openCases, registeredPersonIds, registeredUsccs, subjectKey, updateMeasure } from '../sanctions-store.ts';

type SanctionMutations = Pick<
  MutationResolvers,
  'defineSanctionMeasure' | 'updateSanctionMeasure' | 'withdrawSanctionMeasure' | 'sanctionsCheck' | 'sanctionsCheckBatch' | 'reportSanctionFeedback'
>;

type Problem = { field: string; reason: string; message: string };
type Row = { index: number; uscc: string | null; personId: string | null; subject?: CaseSubject; problem: Problem | null };

const fieldOf = (r: Row, plainCodes: boolean) => (plainCodes ? `usccs.${r.index}` : `subjects.${r.index}.${r.uscc ? 'uscc' : 'personId'}`);

type SubjectCheck = { ok: true; subject: CaseSubject; field: string } | { ok: false; uscc: string | null; problem: Problem };

/**
 * Exactly one subject, checked: a USCC (structure and check character) or a person's platform
 * id. `at` is where the subject sits in the input; a plain code (`usccs`) is its own field.
 */
function checkSubject(given: { uscc?: string | null; personId?: string | null }, at: string, plainCode = false): SubjectCheck {
  const hasUscc = given.uscc != null;
  const hasPerson = given.personId != null;
  if (hasUscc === hasPerson) {
    return { ok: false, uscc: null, problem: { field: at, reason: 'ONE_SUBJECT', message: 'give exactly one of uscc and personId' } };
  }
  if (hasUscc) {
    const field = plainCode ? at : `${at}.uscc`;
    const check = checkUscc(given.uscc!);
    if (!check.valid) return { ok: false, uscc: given.uscc!, problem: { field, reason: check.reason, message: check.message } };
    return { ok: true, subject: { uscc: check.code }, field };
  }
  const field = `${at}.personId`;
  const check = checkPersonId(given.personId!);
  if (!check.valid) return { ok: false, uscc: null, problem: { field, reason: check.reason, message: check.message } };
  return { ok: true, subject: { personId: check.id }, field };
}

/**
 * Opens the cases of a check with what it found: each subject's listings, read from the four
 * domains now, plus its recognized partner-city listings, and the department's measures that
 * apply to them. Nothing is opened when any part cannot be read.
 */
async function openCheckedCases(ctx: Context, check: { departmentCode: string; scenario: string; subjects: readonly CaseSubject[] }) {
  if (check.subjects.length === 0) return [];
  const [domainListings, measures, recognized] = await Promise.all([
    listingsOfSubjects(ctx.peers, check.subjects),
    ctx.loaders.activeMeasures(),
    // Partner cities recognize legal persons only: a natural person has no cross-region listings.
    ctx.loaders.partnerRecognitions.loadMany(check.subjects.flatMap((s) => (s.uscc ? [s.uscc] : []))),
  ]);
  let next = 0;
  const evaluations = check.subjects.map((s, i) => {
    const partner = s.uscc ? recognized[next++] : [];
    if (partner instanceof Error) throw partner;
    const listings = [...combinedListings(domainListings[i]!), ...crossRegionListings(partner ?? [])];
    return { listings, measures: appliedMeasures(check, measures, listings) };
  });
  return openCases(ctx.db, { ...check, checkedOn: shanghaiDate(), evaluations });
}

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
    const subject = checkSubject(input, 'input');
    if (!subject.ok) throw badUserInput(subject.problem.field, subject.problem.reason, subject.problem.message);
    const { uscc, personId } = subject.subject;
    if (uscc && !(await ctx.loaders.legalPerson.load(uscc))) throw codedError('NOT_FOUND', `${uscc} is not registered`, { argument: 'input.uscc', reason: 'UNKNOWN_SUBJECT' });
    if (personId && !(await ctx.loaders.naturalPerson.load(personId))) throw codedError('NOT_FOUND', 'no natural person is registered with this id', { argument: 'input.personId', reason: 'UNKNOWN_SUBJECT' });
    const [opened] = await openCheckedCases(ctx, { departmentCode: department.code, scenario: input.scenario, subjects: [subject.subject] });
    return { case: opened! };
  },

  sanctionsCheckBatch: async (_p, { input }, ctx) => {
    const department = await actingDepartment(ctx.db, ctx.caller);
    if ((input.usccs == null) === (input.subjects == null)) throw badUserInput('input', 'ONE_SUBJECT_LIST', 'give exactly one of usccs and subjects');
    const field = input.usccs ? 'input.usccs' : 'input.subjects';
    const given = input.usccs ? input.usccs.map((uscc) => ({ uscc })) : input.subjects!;
    if (given.length === 0) throw badUserInput(field, 'EMPTY', 'at least one subject');
    if (given.length > MAX_BULK_CODES) throw badUserInput(field, 'TOO_MANY_CODES', `at most ${MAX_BULK_CODES} subjects per call, got ${given.length}`);
    const rowField = input.usccs ? (i: number) => `usccs.${i}` : (i: number) => `subjects.${i}`;
    const seen = new Set<string>();
    const rows = given.map((raw, index): Row => {
      // A plain code row keeps its old field name (`usccs.3`); a subject row names its part (`subjects.3.uscc`).
      const checked = checkSubject(raw, rowField(index), Boolean(input.usccs));
      if (!checked.ok) return { index, uscc: checked.uscc, personId: null, problem: checked.problem };
      const { uscc, personId } = checked.subject;
      const row = { index, uscc: uscc ?? null, personId: personId ?? null, subject: checked.subject, problem: null };
      const key = subjectKey(checked.subject);
      if (seen.has(key)) return { ...row, problem: { field: checked.field, reason: 'DUPLICATE', message: 'the subject is already in this batch' } };
      seen.add(key);
      return row;
    });
    const valid = rows.filter((r) => !r.problem);
    const [registered, persons] = await Promise.all([
      registeredUsccs(ctx.db, valid.flatMap((r) => (r.uscc ? [r.uscc] : []))),
      registeredPersonIds(ctx.db, valid.flatMap((r) => (r.personId ? [r.personId] : []))),
    ]);
    for (const r of valid) {
      if (r.uscc && !registered.has(r.uscc)) r.problem = { field: fieldOf(r, input.usccs != null), reason: 'UNKNOWN_SUBJECT', message: `${r.uscc} is not registered` };
      if (r.personId && !persons.has(r.personId)) r.problem = { field: fieldOf(r, false), reason: 'UNKNOWN_SUBJECT', message: 'no natural person is registered with this id' };
    }
    const toOpen = rows.filter((r) => !r.problem);
    const opened = await openCheckedCases(ctx, { departmentCode: department.code, scenario: input.scenario, subjects: toOpen.map((r) => r.subject!) });
    const caseOf = new Map(toOpen.map((r, i) => [r.index, opened[i]!]));
    return {
      checked: opened.length,
      rejected: rows.length - opened.length,
      results: rows.map((r) => ({
        index: r.index,
        uscc: r.uscc,
        personId: r.personId,
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
