import type { Drizzle } from '../kernel/db.ts';
import { RecordPager } from '../kernel/record-pager.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { wageArrearsOfLegalPerson } from './store.ts';

export function createLoaders(db: Drizzle) {
  return {
    wageArrearsOfLegalPerson: new RecordPager(db, wageArrearsOfLegalPerson),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
