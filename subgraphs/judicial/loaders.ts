import type { Drizzle } from '../kernel/db.ts';
import { evaluationFactLoader } from '../kernel/evaluation-facts.ts';
import { listingLoader } from '../kernel/listings.ts';
import { JUDICIAL_FACT_SOURCES } from './evaluation-facts.ts';
import { StatusHistoryLoader } from '../kernel/lifecycle/history.ts';
import { RecordPager } from '../kernel/record-pager.ts';
import { JUDICIAL_LISTING_RULES } from './listing-rules.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { dishonestDebtorsOfLegalPerson, dishonestDebtorsOfNaturalPerson, publicDishonestDebtorsOfLegalPerson, publicDishonestDebtorsOfNaturalPerson, sectorRecords, lifecycle } from './store.ts';

export function createLoaders(db: Drizzle) {
  const listingsOfLegalPerson = listingLoader(db, 'judicial', JUDICIAL_LISTING_RULES, 'uscc');
  return {
    listingsOfLegalPerson,
    evaluationFactsOfLegalPerson: evaluationFactLoader(db, 'judicial', JUDICIAL_FACT_SOURCES, listingsOfLegalPerson),
    listingsOfPerson: listingLoader(db, 'judicial', JUDICIAL_LISTING_RULES, 'personId'),
    statusHistory: new StatusHistoryLoader(db, lifecycle.history),
    sectorRecordsOnFileOfLegalPerson: new RecordPager(db, sectorRecords.onFileOfLegalPerson),
    sectorRecordsOnFileOfPerson: new RecordPager(db, sectorRecords.onFileOfPerson),
    publicSectorRecordsOfLegalPerson: new RecordPager(db, sectorRecords.publicOfLegalPerson),
    publicSectorRecordsOfPerson: new RecordPager(db, sectorRecords.publicOfPerson),
    dishonestDebtorsOfLegalPerson: new RecordPager(db, publicDishonestDebtorsOfLegalPerson),
    dishonestDebtorsOfNaturalPerson: new RecordPager(db, publicDishonestDebtorsOfNaturalPerson),
    dishonestDebtorsOnFileOfLegalPerson: new RecordPager(db, dishonestDebtorsOfLegalPerson),
    dishonestDebtorsOnFileOfNaturalPerson: new RecordPager(db, dishonestDebtorsOfNaturalPerson),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
