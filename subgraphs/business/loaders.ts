import type { Drizzle } from '../kernel/db.ts';
import { evaluationFactLoader } from '../kernel/evaluation-facts.ts';
import { listingLoader } from '../kernel/listings.ts';
import { BUSINESS_FACT_SOURCES } from './evaluation-facts.ts';
import { StatusHistoryLoader } from '../kernel/lifecycle/history.ts';
import { RecordPager } from '../kernel/record-pager.ts';
import { BUSINESS_LISTING_RULES } from './listing-rules.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { publishedTaxRatingsOfLegalPerson, taxRatingsOfLegalPerson, sectorRecords, lifecycle, commitmentsOfLegalPerson } from './store.ts';

export function createLoaders(db: Drizzle) {
  const listingsOfLegalPerson = listingLoader(db, 'business', BUSINESS_LISTING_RULES, 'uscc');
  return {
    listingsOfLegalPerson,
    evaluationFactsOfLegalPerson: evaluationFactLoader(db, 'business', BUSINESS_FACT_SOURCES, listingsOfLegalPerson),
    listingsOfPerson: listingLoader(db, 'business', BUSINESS_LISTING_RULES, 'personId'),
    statusHistory: new StatusHistoryLoader(db, lifecycle.history),
    commitmentsOfLegalPerson: new RecordPager(db, commitmentsOfLegalPerson),
    sectorRecordsOnFileOfLegalPerson: new RecordPager(db, sectorRecords.onFileOfLegalPerson),
    publicSectorRecordsOfLegalPerson: new RecordPager(db, sectorRecords.publicOfLegalPerson),
    sectorRecordsOnFileOfPerson: new RecordPager(db, sectorRecords.onFileOfPerson),
    publicSectorRecordsOfPerson: new RecordPager(db, sectorRecords.publicOfPerson),
    taxRatingsOfLegalPerson: new RecordPager(db, taxRatingsOfLegalPerson),
    publishedTaxRatingsOfLegalPerson: new RecordPager(db, publishedTaxRatingsOfLegalPerson),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
