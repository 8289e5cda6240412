import type { Drizzle } from '../kernel/db.ts';
import { keyedLoader } from '../kernel/keyed-loader.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { legalPersonsByUscc, naturalPersonsById } from './store.ts';

export function createLoaders(db: Drizzle) {
  return {
    legalPerson: keyedLoader((usccs: readonly string[]) => legalPersonsByUscc(db, usccs), (r) => r.uscc),
    naturalPerson: keyedLoader((ids: readonly string[]) => naturalPersonsById(db, ids), (r) => r.id),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
