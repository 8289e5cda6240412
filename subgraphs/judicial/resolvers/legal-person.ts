import type { LegalPersonResolvers } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  // Only the key is needed here: records are loaded per field, batched across all subjects.
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  dishonestDebtorRecords: (lp, args, ctx) => ctx.loaders.dishonestDebtorsOfLegalPerson.connection(lp.uscc, args),
};
