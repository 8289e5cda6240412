import { badUserInput } from '../../kernel/errors.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { timelinessByDepartment } from '../store.ts';

/** Longest period one timeliness query covers. */
const MAX_PERIOD_DAYS = 3660;

export const Query: QueryResolvers = {
  publicationTimeliness: async (_p, { from, to }, ctx) => {
    if (to < from) throw badUserInput('to', 'BEFORE_FROM', 'the period ends before it begins');
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_PERIOD_DAYS) throw badUserInput('to', 'PERIOD_TOO_LONG', 'at most 10 years');
    return (await timelinessByDepartment(ctx.db, from, to)).map((r) => ({
      department: { name: r.sourceName, uscc: r.sourceUscc },
      decisions: r.decisions,
      late: r.late,
      onTime: r.decisions - r.late,
      onTimeRate: r.decisions > 0 ? Math.round(((r.decisions - r.late) / r.decisions) * 10_000) / 10_000 : null,
    }));
  },
};
