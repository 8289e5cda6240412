import { businessListingDecision, businessSectorRecord } from '../../../drizzle/schema/business.ts';
import { writingDepartment } from '../../kernel/access/departments.ts';
import { checkRowCount } from '../../kernel/ingest.ts';
import { submitListingDecisions } from '../../kernel/listing-decisions.ts';
import { submitSectorRecords } from '../../kernel/sector-records.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { breachCommitment, makeCommitment, submitCommitment } from '../commitments.ts';

export const Mutation: MutationResolvers = {
  submitBusinessRecords: async (_p, { input }, ctx) => {
    checkRowCount(input.records);
    const department = await writingDepartment(ctx.db, ctx.caller, 'business');
    return submitSectorRecords(ctx.db, businessSectorRecord, { domain: 'business', type: 'BusinessRecord' }, department, input.records, ctx.idHashKey);
  },

  submitBusinessListingDecisions: async (_p, { input }, ctx) => {
    checkRowCount(input.decisions, 'input.decisions');
    const department = await writingDepartment(ctx.db, ctx.caller, 'business');
    return submitListingDecisions(ctx.db, businessListingDecision, 'business', department, input.decisions);
  },
  makeCreditCommitment: async (_p, { input }, ctx) => ({ commitment: await makeCommitment(ctx.db, ctx.caller, input) }),
  submitCreditCommitment: async (_p, { input }, ctx) => ({ commitment: await submitCommitment(ctx.db, ctx.caller, input) }),
  recordCreditCommitmentBreach: async (_p, { input }, ctx) => breachCommitment(ctx.db, ctx.caller, input),
};
