import { sectorNarrowing } from '../../kernel/sector-records.ts';
import { businessSectorRecord } from '../../../drizzle/schema/business.ts';
import type { LegalPersonResolvers } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  // Only the key is needed here: records are loaded per field, batched across all subjects.
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  businessRecords: (lp, args, ctx) => ctx.loaders.publicSectorRecordsOfLegalPerson.connection(lp.uscc, args, sectorNarrowing(businessSectorRecord, args.sectors)),
  businessRecordsOnFile: (lp, args, ctx) => ctx.loaders.sectorRecordsOnFileOfLegalPerson.connection(lp.uscc, args, sectorNarrowing(businessSectorRecord, args.sectors)),
  taxCreditRatings: (lp, args, ctx) => ctx.loaders.taxRatingsOfLegalPerson.connection(lp.uscc, args),
  publishedTaxCreditRatings: (lp, args, ctx) => ctx.loaders.publishedTaxRatingsOfLegalPerson.connection(lp.uscc, args),
  businessListings: (lp, _args, ctx) => ctx.loaders.listingsOfLegalPerson.load(lp.uscc),
  businessEvaluationFacts: (lp, _args, ctx) => ctx.loaders.evaluationFactsOfLegalPerson.load(lp.uscc),
  creditCommitments: (lp, args, ctx) => ctx.loaders.commitmentsOfLegalPerson.connection(lp.uscc, args),
};
