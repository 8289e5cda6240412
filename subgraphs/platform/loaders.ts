import { agenciesByUscc, violationsOf } from '../kernel/access/agencies.ts';
import DataLoader from 'dataloader';
import { type DepartmentRow, departmentsWritingTo } from '../kernel/access/departments.ts';
import type { Drizzle } from '../kernel/db.ts';
import { groupedLoader, keyedLoader } from '../kernel/keyed-loader.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { legalPersonsByUscc, naturalPersonsById } from './store.ts';

export function createLoaders(db: Drizzle) {
  return {
    legalPerson: keyedLoader((usccs: readonly string[]) => legalPersonsByUscc(db, usccs), (r) => r.uscc),
    naturalPerson: keyedLoader((ids: readonly string[]) => naturalPersonsById(db, ids), (r) => r.id),
    agency: keyedLoader((usccs: readonly string[]) => agenciesByUscc(db, usccs), (r) => r.uscc),
    agencyViolations: groupedLoader((usccs: readonly string[]) => violationsOf(db, usccs), (r) => r.agencyUscc),
    // A department supplying several domains is listed under each of them.
    suppliers: new DataLoader<string, DepartmentRow[]>(async (domains) => {
      const found = await departmentsWritingTo(db, domains);
      return domains.map((d) => found.filter((f) => f.writeDomains.includes(d)));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
