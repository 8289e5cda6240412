import type { LegalPersonResolvers } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  // Only the key is needed here: records are loaded per field, batched across all subjects.
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  taxCreditRatings: (lp, args, ctx) => ctx.loaders.taxRatingsOfLegalPerson.connection(lp.uscc, args),
  publishedTaxCreditRatings: (lp, args, ctx) => ctx.loaders.publishedTaxRatingsOfLegalPerson.connection(lp.uscc, args),
};
