import { getTableColumns, is, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, PgColumn, type PgTable } from 'drizzle-orm/pg-core';
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
  /** Returned values by alias: columns, or expressions over the inserted row. */
  returning?: Record<string, PgColumn | SQL>;
}

/** The `on conflict` and `returning` clauses of either insert. */
function clauses(options: InsertOptions): { conflict: SQL; returning: SQL } {
  // An empty column list: no target, so a conflict on any unique index skips the row.
  const conflictTarget = options.onConflictDoNothing?.length ? sql` (${sql.raw(options.onConflictDoNothing.map((c) => `"${c.name}"`).join(', '))})` : sql``;
  const conflict = options.onConflictDoNothing ? sql` on conflict${conflictTarget} do nothing` : sql``;
  if (!options.returning) return { conflict, returning: sql`` };
  const returned = Object.entries(options.returning).map(([alias, c]) =>
    is(c, PgColumn) ? sql`${sql.identifier(c.name)} as ${sql.identifier(alias)}` : sql`${c} as ${sql.identifier(alias)}`,
  );
  return { conflict, returning: sql` returning ${sql.join(returned, sql`, `)}` };
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
  const { conflict, returning } = clauses(options);
  const query = sql`insert into ${sql.raw(`"${schema ?? 'public'}"."${name}"`)} (${sql.raw(target)})
      select ${sql.raw(source)} from json_to_recordset(${json}::json) as x(${sql.raw(types)})${conflict}${returning}`;
  if (options.returning) return rawRows<TReturn>(db, query);
  await db.execute(query);
  return [];
}

/**
 * Rows held column by column, for `insertColumnarRows`, which sends each column as one array
 * literal. PostgreSQL reads one array a column (unnest) for about a fifth less CPU a row than
 * it spends on json_to_recordset, which parses the JSON twice (the ::json cast checks it) and
 * builds a hash of each row's fields; for a bulk load, that was a third of the database's work.
 * The values are kept as they are (the strings of the parsed input) and turned into literals
 * only when sent: a batch waiting to be written costs the garbage collector no new objects.
 */
export class ColumnarRows {
  /** Property names of the rows, in the order their columns were first seen. */
  readonly names: string[] = [];
  /** `values[c][r]`: row r's value of column `names[c]` (null when the row has none). */
  readonly values: unknown[][] = [];
  private readonly seen = new Set<string>();
  size = 0;

  add(row: Record<string, unknown>): void {
    for (const k in row) {
      if (row[k] !== undefined && !this.seen.has(k)) {
        this.seen.add(k);
        this.names.push(k);
        // A column no earlier row had: null for those rows.
        this.values.push(new Array<unknown>(this.size).fill(null));
      }
    }
    const { names, values } = this;
    for (let c = 0; c < names.length; c++) values[c]!.push(row[names[c]!] ?? null);
    this.size++;
  }
}

/** Values as one array literal, sent as a text parameter and cast by the statement (`::text::bpchar[]`). */
export function arrayParameter(values: readonly unknown[]): string {
  return arrayLiteral(values, 0, values.length);
}

/** Rows [from, to) of one column as an array literal. */
function arrayLiteral(values: readonly unknown[], from: number, to: number): string {
  let s = '{';
  for (let i = from; i < to; i++) s += i === from ? arrayElement(values[i]) : `,${arrayElement(values[i])}`;
  return `${s}}`;
}

const ARRAY_SPECIAL = /["\\]/;

/** One value as an element of an array literal: quoted, so commas, braces and the word NULL stay text. */
function arrayElement(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return quoteElement(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  // An array column's value (text[]): its own literal, unnested as text and cast by the insert.
  if (Array.isArray(v)) return quoteElement(`{${v.map(arrayElement).join(',')}}`);
  return quoteElement(JSON.stringify(v));
}

function quoteElement(s: string): string {
  return ARRAY_SPECIAL.test(s) ? `"${s.replace(/["\\]/g, '\\$&')}"` : `"${s}"`;
}

/**
 * The element type an array parameter of a column is sent as: char(n) and varchar(n) without
 * their length (a cast to char(18)[] would pad or cut a value silently; the insert's assignment
 * checks it instead), array columns as text (each element is that value's own literal).
 */
function elementType(column: PgColumn): { type: string; cast: string } {
  const type = column.getSQLType();
  if (type.endsWith('[]')) return { type: 'text', cast: `::${type}` };
  return { type: type.replace(/^(character|char)\b.*$/, 'bpchar').replace(/^(varchar|character varying)\b.*$/, 'varchar'), cast: '' };
}

/** Inserts `rows` (their properties named as the table's TypeScript columns; others ignored), one statement per chunk. */
export async function insertColumnarRows<TReturn extends Record<string, unknown> = Record<string, never>>(
  db: Drizzle,
  table: PgTable,
  rows: ColumnarRows,
  options: InsertOptions = {},
): Promise<TReturn[]> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const present = rows.names.map((k, i) => ({ i, column: columns[k] })).filter((p): p is { i: number; column: PgColumn } => p.column !== undefined);
  if (present.length === 0) return [];
  const { schema, name } = getTableConfig(table);
  const types = present.map((p) => elementType(p.column));
  const target = sql.raw(present.map((p) => `"${p.column.name}"`).join(', '));
  const select = sql.raw(present.map((_, j) => `u.c${j}${types[j]!.cast}`).join(', '));
  const alias = sql.raw(present.map((_, j) => `c${j}`).join(', '));
  const { conflict, returning } = clauses(options);
  const out: TReturn[] = [];
  for (let from = 0; from < rows.size; from += ROWS_PER_STATEMENT) {
    const to = Math.min(rows.size, from + ROWS_PER_STATEMENT);
    // Sent as text and cast: both drivers pass a string parameter through untouched.
    const arrays = present.map((p, j) => sql`${arrayLiteral(rows.values[p.i]!, from, to)}::text::${sql.raw(types[j]!.type)}[]`);
    const query = sql`insert into ${sql.raw(`"${schema ?? 'public'}"."${name}"`)} (${target})
        select ${select} from unnest(${sql.join(arrays, sql`, `)}) as u(${alias})${conflict}${returning}`;
    if (options.returning) out.push(...(await rawRows<TReturn>(db, query)));
    else await db.execute(query);
  }
  return out;
}
