import { shanghaiDate } from '../../kernel/calendar.ts';
import { codedError } from '../../kernel/errors.ts';
import type { AppliedMeasureResolvers, SanctionCaseResolvers, SanctionFeedbackResolvers, SanctionOutcome, SanctionScenario } from '../generated/resolvers-types.ts';
import { type AppliedMeasureModel, caseGlobalId, feedbackDeadline, feedbackModels, mayReadCase, parseRowId } from '../sanctions.ts';
import type { CreditListing } from '../../kernel/listings.ts';

export const SanctionCase: SanctionCaseResolvers = {
  __resolveReference: async (ref, ctx) => {
    const row = await ctx.loaders.sanctionCase.load(parseRowId(ref.id, 'SanctionCase', 'id'));
    // Either key: the older one names only the USCC (absent person id), the newer one both.
    if (!row || (row.subjectUscc ?? null) !== (ref.subjectUscc ?? null)) return null;
    const personId = (ref as { subjectPersonId?: string | null }).subjectPersonId;
    if (personId !== undefined && (row.subjectPersonId ?? null) !== (personId ?? null)) return null;
    if (!mayReadCase(ctx.caller, row)) throw codedError('FORBIDDEN', 'this case belongs to another department', { reason: 'NOT_CASE_OWNER' });
    return row;
  },
  id: (c) => caseGlobalId(c.id),
  subjectType: (c) => (c.subjectUscc ? 'LEGAL_PERSON' : 'NATURAL_PERSON'),
  subject: (c, _a, ctx) => (c.subjectUscc ? ctx.loaders.legalPerson.load(c.subjectUscc) : null),
  person: (c, _a, ctx) => (c.subjectPersonId ? ctx.loaders.naturalPerson.load(c.subjectPersonId) : null),
  scenario: (c) => c.scenario as SanctionScenario,
  checkedAt: (c) => new Date(c.checkedAt).toISOString(),
  evaluatedAt: (c) => (c.evaluatedAt ? new Date(c.evaluatedAt).toISOString() : null),
  department: async (c, _a, ctx) => {
    const d = await ctx.loaders.department.load(c.departmentCode);
    return { code: c.departmentCode, name: d?.name ?? c.departmentCode, uscc: d?.uscc ?? '' };
  },
  // As recorded by the check; cases opened before checks recorded them have neither.
  listings: (c) => c.listings as CreditListing[] | null,
  measures: (c) => c.measures as AppliedMeasureModel[] | null,
  feedbackDeadline: (c) => feedbackDeadline(c.checkedOn),
  overdue: async (c, _a, ctx) => (await ctx.loaders.sanctionFeedback.load(c.id)).length === 0 && shanghaiDate() > feedbackDeadline(c.checkedOn),
  feedback: async (c, _a, ctx) => feedbackModels(c, await ctx.loaders.sanctionFeedback.load(c.id)).at(-1) ?? null,
  feedbackHistory: async (c, _a, ctx) => feedbackModels(c, await ctx.loaders.sanctionFeedback.load(c.id)),
};

export const SanctionFeedback: SanctionFeedbackResolvers = {
  outcome: (f) => f.row.outcome as SanctionOutcome,
  reason: (f) => f.row.reason,
  actionDate: (f) => f.row.actionDate,
  details: (f) => f.row.details,
  reportedAt: (f) => new Date(f.row.reportedAt).toISOString(),
};

export const AppliedMeasure: AppliedMeasureResolvers = {};
