import { sectorNarrowing } from '../../kernel/sector-records.ts';
import { judicialSectorRecord } from '../../../drizzle/schema/judicial.ts';
import type { LegalPersonResolvers } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  // Only the key is needed here: records are loaded per field, batched across all subjects.
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  judicialRecords: (lp, args, ctx) => ctx.loaders.publicSectorRecordsOfLegalPerson.connection(lp.uscc, args, sectorNarrowing(judicialSectorRecord, args.sectors)),
  judicialRecordsOnFile: (lp, args, ctx) => ctx.loaders.sectorRecordsOnFileOfLegalPerson.connection(lp.uscc, args, sectorNarrowing(judicialSectorRecord, args.sectors)),
  dishonestDebtorRecords: (lp, args, ctx) => ctx.loaders.dishonestDebtorsOfLegalPerson.connection(lp.uscc, args),
  dishonestDebtorRecordsOnFile: (lp, args, ctx) => ctx.loaders.dishonestDebtorsOnFileOfLegalPerson.connection(lp.uscc, args),
  judicialListings: (lp, _args, ctx) => ctx.loaders.listingsOfLegalPerson.load(lp.uscc),
  judicialEvaluationFacts: (lp, _args, ctx) => ctx.loaders.evaluationFactsOfLegalPerson.load(lp.uscc),
};
