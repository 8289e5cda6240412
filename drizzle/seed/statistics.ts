import type { Drizzle } from '../../subgraphs/kernel/db.ts';
import { backfillChunks } from '../../subgraphs/kernel/record-backfill.ts';
import { rebuildStatistics, type RebuildSummary } from '../../subgraphs/platform/statistics-rebuild.ts';
import { RECORD_SOURCES } from '../../subgraphs/record-sources.ts';

/**
 * The seed writes its records straight into the tables, without record events, so platform's
 * statistics would know none of them; this builds them from the seeded records, as
 * `npm run stats:rebuild` does, so the dashboard shows the demo data from the first start.
 */
export function seedStatistics(db: Drizzle): Promise<RebuildSummary> {
  return rebuildStatistics(db, (tx) => backfillChunks(tx, RECORD_SOURCES, 20_000));
}
