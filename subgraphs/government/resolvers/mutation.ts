import { writingDepartment } from '../../kernel/access/departments.ts';
import { checkRowCount } from '../../kernel/ingest.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { submitLicences, submitPenalties } from '../ingest.ts';

export const Mutation: MutationResolvers = {
  submitAdministrativePenalties: async (_p, { input }, ctx) => {
    checkRowCount(input.records);
    return submitPenalties(ctx.db, await writingDepartment(ctx.db, ctx.caller, 'government'), input.records);
  },
  submitAdministrativeLicences: async (_p, { input }, ctx) => {
    checkRowCount(input.records);
    return submitLicences(ctx.db, await writingDepartment(ctx.db, ctx.caller, 'government'), input.records);
  },
};
