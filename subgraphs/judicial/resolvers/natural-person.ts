import type { NaturalPersonResolvers } from '../generated/resolvers-types.ts';

export const NaturalPerson: NaturalPersonResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  dishonestDebtorRecords: (person, args, ctx) => ctx.loaders.dishonestDebtorsOfNaturalPerson.connection(person.id, args),
};
