import { socialListingDecision, socialSectorRecord } from '../../../drizzle/schema/social.ts';
import { writingDepartment } from '../../kernel/access/departments.ts';
import { checkRowCount } from '../../kernel/ingest.ts';
import { submitListingDecisions } from '../../kernel/listing-decisions.ts';
import { submitSectorRecords } from '../../kernel/sector-records.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';

export const Mutation: MutationResolvers = {
  submitSocialRecords: async (_p, { input }, ctx) => {
    checkRowCount(input.records);
    const department = await writingDepartment(ctx.db, ctx.caller, 'social');
    return submitSectorRecords(ctx.db, socialSectorRecord, { domain: 'social', type: 'SocialRecord' }, department, input.records, ctx.idHashKey);
  },

  submitSocialListingDecisions: async (_p, { input }, ctx) => {
    checkRowCount(input.decisions, 'input.decisions');
    const department = await writingDepartment(ctx.db, ctx.caller, 'social');
    return submitListingDecisions(ctx.db, socialListingDecision, 'social', department, input.decisions);
  },
};
