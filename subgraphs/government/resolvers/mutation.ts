import { writingDepartment } from '../../kernel/access/departments.ts';
import { checkRowCount } from '../../kernel/ingest.ts';
import { submitListingDecisions } from '../../kernel/listing-decisions.ts';
import { submitSectorRecords } from '../../kernel/sector-records.ts';
import { governmentListingDecision, governmentSectorRecord } from '../../../drizzle/schema/government.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { submitLicences, submitPenalties } from '../ingest.ts';

export const Mutation: MutationResolvers = {
  submitGovernmentRecords: async (_p, { input }, ctx) => {
    checkRowCount(input.records);
    const department = await writingDepartment(ctx.db, ctx.caller, 'government');
    return submitSectorRecords(ctx.db, governmentSectorRecord, { domain: 'government', type: 'GovernmentRecord' }, department, input.records, ctx.idHashKey);
  },
  submitAdministrativePenalties: async (_p, { input }, ctx) => {
    checkRowCount(input.records);
    return submitPenalties(ctx.db, await writingDepartment(ctx.db, ctx.caller, 'government'), input.records, ctx.idHashKey);
  },
  submitAdministrativeLicences: async (_p, { input }, ctx) => {
    checkRowCount(input.records);
    return submitLicences(ctx.db, await writingDepartment(ctx.db, ctx.caller, 'government'), input.records, ctx.idHashKey);
  },

  submitGovernmentListingDecisions: async (_p, { input }, ctx) => {
    checkRowCount(input.decisions, 'input.decisions');
    const department = await writingDepartment(ctx.db, ctx.caller, 'government');
    return submitListingDecisions(ctx.db, governmentListingDecision, 'government', department, input.decisions);
  },
};
