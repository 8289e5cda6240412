import { sectorNarrowing } from '../../kernel/sector-records.ts';
import { socialSectorRecord } from '../../../drizzle/schema/social.ts';
import type { LegalPersonResolvers } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  // Only the key is needed here: records are loaded per field, batched across all subjects.
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  socialRecords: (lp, args, ctx) => ctx.loaders.publicSectorRecordsOfLegalPerson.connection(lp.uscc, args, sectorNarrowing(socialSectorRecord, args.sectors)),
  socialRecordsOnFile: (lp, args, ctx) => ctx.loaders.sectorRecordsOnFileOfLegalPerson.connection(lp.uscc, args, sectorNarrowing(socialSectorRecord, args.sectors)),
  wageArrearsRecords: (lp, args, ctx) => ctx.loaders.wageArrearsOfLegalPerson.connection(lp.uscc, args),
  wageArrearsRecordsOnFile: (lp, args, ctx) => ctx.loaders.wageArrearsOnFileOfLegalPerson.connection(lp.uscc, args),
  socialListings: (lp, _args, ctx) => ctx.loaders.listingsOfLegalPerson.load(lp.uscc),
  socialEvaluationFacts: (lp, _args, ctx) => ctx.loaders.evaluationFactsOfLegalPerson.load(lp.uscc),
};
