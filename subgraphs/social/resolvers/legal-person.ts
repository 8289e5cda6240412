import type { LegalPersonResolvers } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  // Only the key is needed here: records are loaded per field, batched across all subjects.
  __resolveReference: (ref) => ({ uscc: ref.uscc }),
  wageArrearsRecords: (lp, args, ctx) => ctx.loaders.wageArrearsOfLegalPerson.connection(lp.uscc, args),
};
