import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { type Drizzle, rows as rawRows } from './db.ts';

/** Rows per statement: one statement's JSON stays a few megabytes. */
export const ROWS_PER_STATEMENT = 5_000;

/**
 * Inserts rows sent as one JSON parameter and expanded by json_to_recordset. Drizzle's multi-row
 * VALUES builds a parameter per cell, which dominated bulk loads (tens of thousands of
 * parameters per statement); one JSON text is cheap on both drivers. Only the columns the rows
 * carry are written, so defaults (ids, timestamps) apply to the rest.
 */
export async function insertJsonRows<TReturn extends Record<string, unknown> = Record<string, never>>(
  db: Drizzle,
  table: PgTable,
  rows: readonly Record<string, unknown>[],
  options: InsertOptions = {},
): Promise<TReturn[]> {
  if (rows.length === 0) return [];
  // Union of keys: JSON.stringify drops undefined properties, and a row may lack an optional one.
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const out: TReturn[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    out.push(...(await insertJsonText<TReturn>(db, table, JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT)), keys, options)));
  }
  return out;
}

export interface InsertOptions {
  onConflictDoNothing?: PgColumn[];
  returning?: Record<string, PgColumn>;
}

/**
 * One statement inserting the rows of `json`, a JSON array of objects whose property names are
 * among `keys` (the table's TypeScript column names; others are ignored). For callers that hold
 * rows as JSON text already (bulk files keep each checked row as its text, not as objects).
 */
export async function insertJsonText<TReturn extends Record<string, unknown> = Record<string, never>>(
  db: Drizzle,
  table: PgTable,
  json: string,
  keys: Iterable<string>,
  options: InsertOptions = {},
): Promise<TReturn[]> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const present = [...keys].filter((k) => columns[k]);
  const target = present.map((k) => `"${columns[k]!.name}"`).join(', ');
  const source = present.map((k) => `"${k}"`).join(', ');
  const types = present.map((k) => `"${k}" ${columns[k]!.getSQLType()}`).join(', ');
  const { schema, name } = getTableConfig(table);
  // An empty column list: no target, so a conflict on any unique index skips the row.
  const conflictTarget = options.onConflictDoNothing?.length ? sql` (${sql.raw(options.onConflictDoNothing.map((c) => `"${c.name}"`).join(', '))})` : sql``;
  const conflict = options.onConflictDoNothing ? sql` on conflict${conflictTarget} do nothing` : sql``;
  const returning: SQL = options.returning
    ? sql` returning ${sql.raw(Object.entries(options.returning).map(([alias, c]) => `"${c.name}" as "${alias}"`).join(', '))}`
    : sql``;
  const query = sql`insert into ${sql.raw(`"${schema ?? 'public'}"."${name}"`)} (${sql.raw(target)})
      select ${sql.raw(source)} from json_to_recordset(${json}::json) as x(${sql.raw(types)})${conflict}${returning}`;
  if (options.returning) return rawRows<TReturn>(db, query);
  await db.execute(query);
  return [];
}
