import { parsePersonIdArgument } from '../../kernel/id-number.ts';
import { codedError } from '../../kernel/errors.ts';
import { parsePage, toConnection } from '../../kernel/pagination.ts';
import { parseUsccArgument } from '../../kernel/uscc.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { mayReadCase, overdueCutoff, parseRowId } from '../sanctions.ts';
import { listMeasures, pageCases } from '../sanctions-store.ts';

/** The measures list (public) and the check cases (government-internal; a department sees its own). */
export const sanctionQueries: Pick<QueryResolvers, 'sanctionMeasures' | 'sanctionCases' | 'sanctionCase'> = {
  sanctionMeasures: (_p, { filter }, ctx) => listMeasures(ctx.db, filter ?? {}),

  sanctionCases: async (_p, { filter, ...args }, ctx) => {
    const page = parsePage(args, ['number']);
    const { principal } = ctx.caller;
    let department = filter?.department ?? undefined;
    if (principal.kind === 'department') {
      if (department && department !== principal.id) throw codedError('FORBIDDEN', 'a department reads only the cases it opened', { reason: 'NOT_CASE_OWNER', argument: 'filter.department' });
      department = principal.id!;
    }
    const { rows, total } = await pageCases(
      ctx.db,
      {
        department,
        scenario: filter?.scenario ?? undefined,
        subjectUscc: filter?.subjectUscc ? parseUsccArgument(filter.subjectUscc, 'filter.subjectUscc') : undefined,
        subjectPersonId: filter?.subjectPersonId ? parsePersonIdArgument(filter.subjectPersonId, 'filter.subjectPersonId') : undefined,
        overdue: filter?.overdue ?? undefined,
        overdueCutoff: overdueCutoff(),
      },
      { first: page.first, afterId: page.after ? Number(page.after[0]) : undefined },
    );
    for (const r of rows) ctx.loaders.sanctionCase.prime(r.id, r);
    return toConnection(rows, page, total, (r) => [r.id], (r) => r);
  },

  sanctionCase: async (_p, { id }, ctx) => {
    const row = await ctx.loaders.sanctionCase.load(parseRowId(id, 'SanctionCase', 'id'));
    if (!row) return null;
    if (!mayReadCase(ctx.caller, row)) throw codedError('FORBIDDEN', 'this case belongs to another department', { reason: 'NOT_CASE_OWNER' });
    return row;
  },
};
