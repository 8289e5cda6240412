import { sectorNarrowing } from '../../kernel/sector-records.ts';
import { socialSectorRecord } from '../../../drizzle/schema/social.ts';
import type { NaturalPersonResolvers } from '../generated/resolvers-types.ts';

export const NaturalPerson: NaturalPersonResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  socialRecords: (person, args, ctx) => ctx.loaders.publicSectorRecordsOfPerson.connection(person.id, args, sectorNarrowing(socialSectorRecord, args.sectors)),
  socialRecordsOnFile: (person, args, ctx) => ctx.loaders.sectorRecordsOnFileOfPerson.connection(person.id, args, sectorNarrowing(socialSectorRecord, args.sectors)),
  socialListings: (person, _args, ctx) => ctx.loaders.listingsOfPerson.load(person.id),
};
