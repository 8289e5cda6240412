import { judicialListingDecision, judicialSectorRecord } from '../../../drizzle/schema/judicial.ts';
import { writingDepartment } from '../../kernel/access/departments.ts';
import { checkRowCount } from '../../kernel/ingest.ts';
import { submitListingDecisions } from '../../kernel/listing-decisions.ts';
import { submitSectorRecords } from '../../kernel/sector-records.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';

export const Mutation: MutationResolvers = {
  submitJudicialRecords: async (_p, { input }, ctx) => {
    checkRowCount(input.records);
    const department = await writingDepartment(ctx.db, ctx.caller, 'judicial');
    return submitSectorRecords(ctx.db, judicialSectorRecord, { domain: 'judicial', type: 'JudicialRecord' }, department, input.records, ctx.idHashKey);
  },

  submitJudicialListingDecisions: async (_p, { input }, ctx) => {
    checkRowCount(input.decisions, 'input.decisions');
    const department = await writingDepartment(ctx.db, ctx.caller, 'judicial');
    return submitListingDecisions(ctx.db, judicialListingDecision, 'judicial', department, input.decisions);
  },
};
