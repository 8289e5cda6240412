import type { NaturalPersonResolvers } from '../generated/resolvers-types.ts';

export const NaturalPerson: NaturalPersonResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  civilServantIntegrityRecords: (person, args, ctx) => ctx.loaders.sectorRecordsOnFileOfPerson.connection(person.id, args),
  governmentListings: (person, _args, ctx) => ctx.loaders.listingsOfPerson.load(person.id),
  administrativePenalties: (person, args, ctx) => ctx.loaders.publicPenaltiesOfPerson.connection(person.id, args),
  administrativePenaltiesOnFile: (person, args, ctx) => ctx.loaders.penaltiesOnFileOfPerson.connection(person.id, args),
  administrativeLicences: (person, args, ctx) => ctx.loaders.licencesOfPerson.connection(person.id, args),
};
