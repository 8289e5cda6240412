import type { Drizzle } from '../kernel/db.ts';
import { RecordPager } from '../kernel/record-pager.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { dishonestDebtorsOfLegalPerson, dishonestDebtorsOfNaturalPerson, sectorRecords } from './store.ts';

export function createLoaders(db: Drizzle) {
  return {
    sectorRecordsOnFileOfLegalPerson: new RecordPager(db, sectorRecords.onFileOfLegalPerson),
    sectorRecordsOnFileOfPerson: new RecordPager(db, sectorRecords.onFileOfPerson),
    publicSectorRecordsOfLegalPerson: new RecordPager(db, sectorRecords.publicOfLegalPerson),
    publicSectorRecordsOfPerson: new RecordPager(db, sectorRecords.publicOfPerson),
    dishonestDebtorsOfLegalPerson: new RecordPager(db, dishonestDebtorsOfLegalPerson),
    dishonestDebtorsOfNaturalPerson: new RecordPager(db, dishonestDebtorsOfNaturalPerson),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
