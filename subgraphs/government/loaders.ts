import type { Drizzle } from '../kernel/db.ts';
import { RecordPager } from '../kernel/record-pager.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { licencesOfLegalPerson, penaltiesOnFileOfLegalPerson, publicPenaltiesOfLegalPerson } from './store.ts';

export function createLoaders(db: Drizzle) {
  return {
    publicPenaltiesOfLegalPerson: new RecordPager(db, publicPenaltiesOfLegalPerson),
    penaltiesOnFileOfLegalPerson: new RecordPager(db, penaltiesOnFileOfLegalPerson),
    licencesOfLegalPerson: new RecordPager(db, licencesOfLegalPerson),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
