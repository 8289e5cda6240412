import { sectorNarrowing } from '../../kernel/sector-records.ts';
import { governmentSectorRecord } from '../../../drizzle/schema/government.ts';
import type { LegalPersonResolvers } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  // Only the key is needed here: records are loaded per field, batched across all subjects.
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  governmentDishonestyRecords: (lp, args, ctx) => ctx.loaders.publicSectorRecordsOfLegalPerson.connection(lp.uscc, args),
  governmentDishonestyRecordsOnFile: (lp, args, ctx) => ctx.loaders.sectorRecordsOnFileOfLegalPerson.connection(lp.uscc, args),
  administrativePenalties: (lp, args, ctx) => ctx.loaders.publicPenaltiesOfLegalPerson.connection(lp.uscc, args),
  administrativePenaltiesOnFile: (lp, args, ctx) => ctx.loaders.penaltiesOnFileOfLegalPerson.connection(lp.uscc, args),
  administrativeLicences: (lp, args, ctx) => ctx.loaders.licencesOfLegalPerson.connection(lp.uscc, args),
  governmentListings: (lp, _args, ctx) => ctx.loaders.listingsOfLegalPerson.load(lp.uscc),
  governmentEvaluationFacts: (lp, _args, ctx) => ctx.loaders.evaluationFactsOfLegalPerson.load(lp.uscc),
};
