import type { Drizzle } from '../kernel/db.ts';
import { evaluationFactLoader } from '../kernel/evaluation-facts.ts';
import { listingLoader } from '../kernel/listings.ts';
import { GOVERNMENT_FACT_SOURCES } from './evaluation-facts.ts';
import { StatusHistoryLoader } from '../kernel/lifecycle/history.ts';
import { RecordPager } from '../kernel/record-pager.ts';
import { GOVERNMENT_LISTING_RULES } from './listing-rules.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import {
  licencesOfLegalPerson,
  licencesOfPerson,
  lifecycle,
  penaltiesOnFileOfLegalPerson,
  penaltiesOnFileOfPerson,
  publicPenaltiesOfLegalPerson,
  publicPenaltiesOfPerson,
  sectorRecords,
} from './store.ts';

export function createLoaders(db: Drizzle) {
  const listingsOfLegalPerson = listingLoader(db, 'government', GOVERNMENT_LISTING_RULES, 'uscc');
  return {
    listingsOfLegalPerson,
    evaluationFactsOfLegalPerson: evaluationFactLoader(db, 'government', GOVERNMENT_FACT_SOURCES, listingsOfLegalPerson),
    listingsOfPerson: listingLoader(db, 'government', GOVERNMENT_LISTING_RULES, 'personId'),
    sectorRecordsOnFileOfLegalPerson: new RecordPager(db, sectorRecords.onFileOfLegalPerson),
    sectorRecordsOnFileOfPerson: new RecordPager(db, sectorRecords.onFileOfPerson),
    publicSectorRecordsOfLegalPerson: new RecordPager(db, sectorRecords.publicOfLegalPerson),
    publicPenaltiesOfLegalPerson: new RecordPager(db, publicPenaltiesOfLegalPerson),
    penaltiesOnFileOfLegalPerson: new RecordPager(db, penaltiesOnFileOfLegalPerson),
    licencesOfLegalPerson: new RecordPager(db, licencesOfLegalPerson),
    statusHistory: new StatusHistoryLoader(db, lifecycle.history),
    publicPenaltiesOfPerson: new RecordPager(db, publicPenaltiesOfPerson),
    penaltiesOnFileOfPerson: new RecordPager(db, penaltiesOnFileOfPerson),
    licencesOfPerson: new RecordPager(db, licencesOfPerson),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
