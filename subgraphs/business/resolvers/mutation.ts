import { businessSectorRecord } from '../../../drizzle/schema/business.ts';
import { writingDepartment } from '../../kernel/access/departments.ts';
import { checkRowCount } from '../../kernel/ingest.ts';
import { submitSectorRecords } from '../../kernel/sector-records.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';

export const Mutation: MutationResolvers = {
  submitBusinessRecords: async (_p, { input }, ctx) => {
    checkRowCount(input.records);
    const department = await writingDepartment(ctx.db, ctx.caller, 'business');
    return submitSectorRecords(ctx.db, businessSectorRecord, { domain: 'business', type: 'BusinessRecord' }, department, input.records, ctx.idHashKey);
  },
};
