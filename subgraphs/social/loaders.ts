import type { Drizzle } from '../kernel/db.ts';
import { evaluationFactLoader } from '../kernel/evaluation-facts.ts';
import { listingLoader } from '../kernel/listings.ts';
import { SOCIAL_FACT_SOURCES } from './evaluation-facts.ts';
import { StatusHistoryLoader } from '../kernel/lifecycle/history.ts';
import { RecordPager } from '../kernel/record-pager.ts';
import { SOCIAL_LISTING_RULES } from './listing-rules.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { publicWageArrearsOfLegalPerson, sectorRecords, lifecycle, wageArrearsOfLegalPerson } from './store.ts';

export function createLoaders(db: Drizzle) {
  const listingsOfLegalPerson = listingLoader(db, 'social', SOCIAL_LISTING_RULES, 'uscc');
  return {
    listingsOfLegalPerson,
    evaluationFactsOfLegalPerson: evaluationFactLoader(db, 'social', SOCIAL_FACT_SOURCES, listingsOfLegalPerson),
    listingsOfPerson: listingLoader(db, 'social', SOCIAL_LISTING_RULES, 'personId'),
    statusHistory: new StatusHistoryLoader(db, lifecycle.history),
    sectorRecordsOnFileOfLegalPerson: new RecordPager(db, sectorRecords.onFileOfLegalPerson),
    sectorRecordsOnFileOfPerson: new RecordPager(db, sectorRecords.onFileOfPerson),
    publicSectorRecordsOfLegalPerson: new RecordPager(db, sectorRecords.publicOfLegalPerson),
    publicSectorRecordsOfPerson: new RecordPager(db, sectorRecords.publicOfPerson),
    wageArrearsOfLegalPerson: new RecordPager(db, publicWageArrearsOfLegalPerson),
    wageArrearsOnFileOfLegalPerson: new RecordPager(db, wageArrearsOfLegalPerson),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
