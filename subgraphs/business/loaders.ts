import type { Drizzle } from '../kernel/db.ts';
import { listingLoader } from '../kernel/listings.ts';
import { StatusHistoryLoader } from '../kernel/lifecycle/history.ts';
import { RecordPager } from '../kernel/record-pager.ts';
import { BUSINESS_LISTING_RULES } from './listing-rules.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { publishedTaxRatingsOfLegalPerson, taxRatingsOfLegalPerson, sectorRecords, lifecycle, commitmentsOfLegalPerson } from './store.ts';

export function createLoaders(db: Drizzle) {
  return {
    listingsOfLegalPerson: listingLoader(db, 'business', BUSINESS_LISTING_RULES, 'uscc'),
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
