import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type Drizzle, rows } from './db.ts';
import { describeRecords, listTypeExpressions, type PublishedRecord, type ReturnedRow } from './record-events.ts';

/**
 * Backfill (`npm run stats:rebuild`): each domain declares the tables its records live in
 * (`subgraphs/<domain>/record-sources.ts`) and this reader turns their rows into the records of
 * the record events, in id order and in chunks — so the statistics can be recomputed from the
 * domains' own data (bench data written directly, or an operator's repair) without platform
 * reading a domain's tables.
 */
export interface RecordSource {
  domain: string;
  /** The record type as in global ids, e.g. AdministrativePenalty. */
  type: string;
  table: PgTable;
  /** Listing decisions add list entries only (see credit-listing.decided). */
  listing?: boolean;
  /** Expressions for the columns a table names otherwise (or lacks), by record-event column name. */
  columns?: Partial<Record<(typeof BACKFILL_COLUMNS)[number], SQL | PgColumn>>;
}

/** A stored record with what a rebuild needs beyond the event's record. */
export interface BackfilledRecord extends PublishedRecord {
  status: string;
  departmentUscc: string | null;
  /** Month the platform received it (Asia/Shanghai): the 月报 month. */
  receivedMonth: string;
}

const BACKFILL_COLUMNS = [
  'subjectUscc',
  'subjectPersonId',
  'polarity',
  'severity',
  'sector',
  'category',
  'listType',
  'listName',
  'decisionDate',
  'publishedDate',
  'publicationDeadline',
  'sourceUscc',
  'status',
  'receivedAt',
] as const;

function columnsOf(source: RecordSource): Record<string, SQL | PgColumn> {
  const table = getTableColumns(source.table) as Record<string, PgColumn>;
  const out: Record<string, SQL | PgColumn> = {};
  for (const name of BACKFILL_COLUMNS) {
    const given = source.columns?.[name] ?? table[name];
    if (given) out[name] = given;
  }
  return out;
}

/** Up to `limit` records of `source` with ids above `afterId`, in id order (the primary key serves it). */
export async function readRecords(db: Drizzle, source: RecordSource, afterId: number, limit: number): Promise<{ records: BackfilledRecord[]; lastId: number | null }> {
  const id = (getTableColumns(source.table) as Record<string, PgColumn>).id!;
  const columns = { ...columnsOf(source), ...listTypeExpressions(source.domain, source.table) };
  const select = Object.entries(columns).map(([alias, expr]) =>
    alias === 'receivedAt' ? sql`to_char((${expr}) at time zone 'Asia/Shanghai', 'YYYY-MM') as "receivedMonth"` : sql`(${expr})::text as ${sql.identifier(alias)}`,
  );
  const found = await rows<ReturnedRow & { status?: string; receivedMonth: string }>(
    db,
    sql`select ${id} as id, ${sql.join(select, sql`, `)} from ${source.table} where ${id} > ${afterId} order by ${id} limit ${limit}`,
  );
  if (found.length === 0) return { records: [], lastId: null };
  const described = describeRecords(source, found);
  const records = described.map((r, i) => ({
    ...r,
    status: found[i]!.status ?? 'PUBLISHED',
    departmentUscc: (found[i]!.sourceUscc as string | undefined)?.trim() ?? null,
    receivedMonth: found[i]!.receivedMonth,
  }));
  return { records, lastId: Number(found.at(-1)!.id) };
}

/** Every record of the sources, chunk by chunk. */
export async function* backfillChunks(db: Drizzle, sources: readonly RecordSource[], chunkSize = 20_000): AsyncGenerator<{ source: RecordSource; records: BackfilledRecord[] }> {
  for (const source of sources) {
    let after = 0;
    for (;;) {
      const { records, lastId } = await readRecords(db, source, after, chunkSize);
      if (lastId === null) break;
      yield { source, records };
      after = lastId;
    }
  }
}
