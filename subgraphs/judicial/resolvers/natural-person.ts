import { sectorNarrowing } from '../../kernel/sector-records.ts';
import { judicialSectorRecord } from '../../../drizzle/schema/judicial.ts';
import type { NaturalPersonResolvers } from '../generated/resolvers-types.ts';

export const NaturalPerson: NaturalPersonResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  judicialRecords: (person, args, ctx) => ctx.loaders.publicSectorRecordsOfPerson.connection(person.id, args, sectorNarrowing(judicialSectorRecord, args.sectors)),
  judicialRecordsOnFile: (person, args, ctx) => ctx.loaders.sectorRecordsOnFileOfPerson.connection(person.id, args, sectorNarrowing(judicialSectorRecord, args.sectors)),
  dishonestDebtorRecords: (person, args, ctx) => ctx.loaders.dishonestDebtorsOfNaturalPerson.connection(person.id, args),
  dishonestDebtorRecordsOnFile: (person, args, ctx) => ctx.loaders.dishonestDebtorsOnFileOfNaturalPerson.connection(person.id, args),
  judicialListings: (person, _args, ctx) => ctx.loaders.listingsOfPerson.load(person.id),
};
