import { agenciesByUscc, violationsOf } from '../kernel/access/agencies.ts';
import DataLoader from 'dataloader';
import { type DepartmentRow, departmentsByCode, departmentsWritingTo } from '../kernel/access/departments.ts';
import type { Drizzle } from '../kernel/db.ts';
import { groupedLoader, keyedLoader } from '../kernel/keyed-loader.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { combinedListings, appliedMeasures, type SanctionCaseModel } from './sanctions.ts';
import { casesById, feedbackOfCases, listMeasures, recordEvaluations, type SanctionCaseRow, type SanctionMeasureRow } from './sanctions-store.ts';
import { legalPersonsByUscc, naturalPersonsById } from './store.ts';

export function createLoaders(db: Drizzle) {
  let activeMeasures: Promise<SanctionMeasureRow[]> | undefined;
  return {
    /** The active measures list, read once per request: it is small and every check needs it. */
    activeMeasures: () => (activeMeasures ??= listMeasures(db)),
    department: keyedLoader((codes: readonly string[]) => departmentsByCode(db, codes), (r) => r.code),
    sanctionCase: keyedLoader((ids: readonly number[]) => casesById(db, ids), (r) => r.id),
    sanctionFeedback: groupedLoader((ids: readonly number[]) => feedbackOfCases(db, ids), (r) => r.caseId),
    /**
     * A case's listings and measures as recorded: cases read for the first time are evaluated
     * from the listings the gateway brought and recorded together, one statement per batch.
     */
    caseEvaluation: new DataLoader<SanctionCaseModel, SanctionCaseRow, number>(
      async (cases) => {
        const pending = cases.filter((c) => !c.evaluatedAt);
        const recorded = new Map<number, SanctionCaseRow>();
        if (pending.length > 0) {
          const measures = await (activeMeasures ??= listMeasures(db));
          const entries = pending.map((c) => {
            const listings = combinedListings(c);
            return { id: c.id, listings, measures: appliedMeasures(c, measures, listings) };
          });
          for (const row of await recordEvaluations(db, pending, entries)) recorded.set(row.id, row);
        }
        return cases.map((c) => recorded.get(c.id) ?? c);
      },
      { cacheKeyFn: (c) => c.id, maxBatchSize: 1000 },
    ),
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
