import type { Drizzle } from '../kernel/db.ts';
import { RecordPager } from '../kernel/record-pager.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { dishonestDebtorsOfLegalPerson, dishonestDebtorsOfNaturalPerson } from './store.ts';

export function createLoaders(db: Drizzle) {
  return {
    dishonestDebtorsOfLegalPerson: new RecordPager(db, dishonestDebtorsOfLegalPerson),
    dishonestDebtorsOfNaturalPerson: new RecordPager(db, dishonestDebtorsOfNaturalPerson),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
