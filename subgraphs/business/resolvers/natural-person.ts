import type { NaturalPersonResolvers } from '../generated/resolvers-types.ts';

export const NaturalPerson: NaturalPersonResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  businessListings: (person, _args, ctx) => ctx.loaders.listingsOfPerson.load(person.id),
};
