import type { LegalPersonResolvers } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  // Only the key is needed here: records are loaded per field, batched across all subjects.
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  administrativePenalties: (lp, args, ctx) => ctx.loaders.publicPenaltiesOfLegalPerson.connection(lp.uscc, args),
  administrativePenaltiesOnFile: (lp, args, ctx) => ctx.loaders.penaltiesOnFileOfLegalPerson.connection(lp.uscc, args),
  administrativeLicences: (lp, args, ctx) => ctx.loaders.licencesOfLegalPerson.connection(lp.uscc, args),
};
