import type { Drizzle } from '../kernel/db.ts';
import { RecordPager } from '../kernel/record-pager.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { publishedTaxRatingsOfLegalPerson, taxRatingsOfLegalPerson, sectorRecords } from './store.ts';

export function createLoaders(db: Drizzle) {
  return {
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
