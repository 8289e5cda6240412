import { sectorNarrowing } from '../../kernel/sector-records.ts';
import { businessSectorRecord } from '../../../drizzle/schema/business.ts';
import type { NaturalPersonResolvers } from '../generated/resolvers-types.ts';

export const NaturalPerson: NaturalPersonResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  businessListings: (person, _args, ctx) => ctx.loaders.listingsOfPerson.load(person.id),
  businessRecords: (person, args, ctx) => ctx.loaders.publicSectorRecordsOfPerson.connection(person.id, args, sectorNarrowing(businessSectorRecord, args.sectors)),
  businessRecordsOnFile: (person, args, ctx) => ctx.loaders.sectorRecordsOnFileOfPerson.connection(person.id, args, sectorNarrowing(businessSectorRecord, args.sectors)),
};
