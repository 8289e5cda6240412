import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { shanghaiDate } from './calendar.ts';
import { arrayParameter, ColumnarRows, insertColumnarRows } from './bulk-insert.ts';
import { type Drizzle, rows } from './db.ts';
import { badUserInput } from './errors.ts';
import { appendEvents } from './events/index.ts';
import type { ObservedPerson } from './id-number.ts';
import { countReasons, eventReturning, recordBatchEvent, type ReturnedRow } from './record-events.ts';
import { personObservedEvents } from './submission-subjects.ts';
import { toGlobalId } from './global-id.ts';
import { checkUscc } from './uscc.ts';

/**
 * Row-by-row validation for submissions (归集): every row gets an answer, a bad row never stops
 * the good ones, and each problem names its field and a machine-readable reason.
 */
export const MAX_ROWS_PER_CALL = 1000;

export type RowStatus = 'ACCEPTED' | 'DUPLICATE' | 'REJECTED';

export interface RowProblem {
  field: string;
  reason: string;
  message: string;
}

export interface RowResult {
  index: number;
  status: RowStatus;
  /** The record's global id: the new one, or the existing one for a duplicate. */
  id: string | null;
  problems: RowProblem[];
}

export interface SubmissionResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: RowResult[];
}

export function checkRowCount(rows: readonly unknown[], argument = 'input.records'): void {
  if (rows.length === 0) throw badUserInput(argument, 'EMPTY', 'at least one record');
  if (rows.length > MAX_ROWS_PER_CALL) throw badUserInput(argument, 'TOO_MANY_RECORDS', `at most ${MAX_ROWS_PER_CALL} records per call, got ${rows.length}`);
}

export function summarize(results: RowResult[]): SubmissionResult {
  const count = (s: RowStatus) => results.filter((r) => r.status === s).length;
  return { accepted: count('ACCEPTED'), duplicates: count('DUPLICATE'), rejected: count('REJECTED'), results };
}

/** Collects the problems of one row; each check returns the cleaned value (or null). */
export class RowChecker {
  readonly problems: RowProblem[] = [];

  private fail(field: string, reason: string, message: string): null {
    this.problems.push({ field, reason, message });
    return null;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  text(field: string, value: string | null | undefined, options: { required?: boolean; max: number }): string | null {
    const v = value?.trim() ?? '';
    if (!v) return options.required ? this.fail(field, 'REQUIRED', 'is required') : null;
    if (v.length > options.max) return this.fail(field, 'TOO_LONG', `at most ${options.max} characters`);
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) return this.fail(field, 'CONTROL_CHARACTER', 'contains control characters');
    return v;
  }

  uscc(field: string, value: string | null | undefined, required: boolean): string | null {
    if (!value) return required ? this.fail(field, 'REQUIRED', 'is required') : null;
    const r = checkUscc(value.trim());
    return r.valid ? r.code : this.fail(field, r.reason, r.message);
  }

  /** A past or present calendar date (decisions are not dated in the future). */
  date(field: string, value: string | null | undefined, options: { required?: boolean; notBefore?: string; allowFuture?: boolean } = {}): string | null {
    if (!value) return options.required ? this.fail(field, 'REQUIRED', 'is required') : null;
    if (!options.allowFuture && value > shanghaiDate()) return this.fail(field, 'IN_THE_FUTURE', 'lies in the future');
    if (value < (options.notBefore ?? '1949-10-01')) return this.fail(field, 'TOO_EARLY', `is before ${options.notBefore ?? '1949-10-01'}`);
    return value;
  }

  /** A non-negative amount in yuan with at most two decimals. */
  money(field: string, value: string | null | undefined): string | null {
    if (value == null) return null;
    if (!/^\d{1,14}(\.\d{1,2})?$/.test(value)) return this.fail(field, 'INVALID_AMOUNT', 'a non-negative amount in yuan with at most two decimals');
    return value;
  }

  require(condition: boolean, field: string, reason: string, message: string): void {
    if (!condition) this.fail(field, reason, message);
  }
}

/** A record table keyed naturally by (deciding authority, document number). */
type KeyedTable = PgTable & { id: PgColumn; authorityUscc: PgColumn; documentNumber: PgColumn };

export interface NaturalKeyed {
  authorityUscc: string;
  documentNumber: string;
}

/** A row after its checks: the row to store (or null with its problems) and the natural person it names, if any. */
export interface CheckedRow<T extends NaturalKeyed = NaturalKeyed> {
  index: number;
  row: T | null;
  problems: RowProblem[];
  person?: ObservedPerson | null;
}

/**
 * Inserts the valid rows in one statement; a row whose natural key (authority, document number)
 * exists already — or repeats earlier in the same call — is a duplicate and keeps the first.
 */
export function storeByNaturalKey<T extends NaturalKeyed>(
  db: Drizzle,
  table: KeyedTable,
  id: StoreTarget,
  checked: CheckedRow<T>[],
): Promise<SubmissionResult> {
  // Every row rejected: only the batch's event is written, one statement needing no transaction.
  if (checked.every((c) => c.row === null)) return storeCheckedRows(db, table, id, checked);
  // One transaction per call: a submission is written whole or not at all.
  return db.transaction((tx) => storeCheckedRows(tx as unknown as Drizzle, table, id, checked));
}

/** storeByNaturalKey inside the caller's transaction (a bulk file writes several types in one). */
export function storeCheckedRows<T extends NaturalKeyed>(
  tx: Drizzle,
  table: KeyedTable,
  id: StoreTarget,
  checked: CheckedRow<T>[],
): Promise<SubmissionResult> {
  const prepared = new PreparedRows();
  for (const c of checked) prepared.add(c);
  return storePreparedRows(tx, table, id, prepared);
}

/**
 * Checked rows of one table as their natural keys and column values, in parallel arrays: a bulk
 * file holds a batch this way while the batch before it is written, and an array a column of
 * the rows' own values costs the garbage collector far less than each row's objects.
 */
export class PreparedRows {
  readonly indexes: number[] = [];
  /** `authority \0 document number`; null for a rejected row. */
  readonly keys: (string | null)[] = [];
  /** Position of the first row of each natural key. */
  readonly firstOfKey = new Map<string, number>();
  readonly problems: RowProblem[][] = [];
  /** The first row of each key, column by column (a repeat within the set is a duplicate): what the insert writes. */
  readonly unique = new ColumnarRows();
  /** Natural persons the stored rows name, announced to the registry with them. */
  readonly persons: ObservedPerson[] = [];
  valid = 0;

  get size(): number {
    return this.keys.length;
  }

  /** `index`: the row's position in the submission, when not the one it was checked at. */
  add({ index: checkedAt, row, problems, person }: CheckedRow, index = checkedAt): void {
    this.indexes.push(index);
    this.problems.push(problems);
    if (row === null) {
      this.keys.push(null);
      return;
    }
    this.valid++;
    const key = `${row.authorityUscc}\u0000${row.documentNumber}`;
    this.keys.push(key);
    if (this.firstOfKey.has(key)) return;
    this.firstOfKey.set(key, this.keys.length - 1);
    this.unique.add(row as unknown as Record<string, unknown>);
    if (person) this.persons.push(person);
  }
}

/** `departmentUscc`: the submitting department (数据来源单位), named in the batch's record event. */
export type StoreTarget = { domain: string; type: string; departmentUscc?: string | null };

export async function storePreparedRows(tx: Drizzle, table: KeyedTable, id: StoreTarget, prepared: PreparedRows): Promise<SubmissionResult> {
  const { keys, firstOfKey } = prepared;
  const results: RowResult[] = new Array(keys.length);
  const ids = new Map<string, number>();
  // The insert returns what the batch's record event tells (subject, polarity, dates): no second read.
  const options = { onConflictDoNothing: [table.authorityUscc, table.documentNumber], returning: eventReturning(id.domain, table) };
  const stored = await insertColumnarRows<ReturnedRow>(tx, table, prepared.unique, options);
  for (const r of stored) ids.set(`${r.authorityUscc}\u0000${r.documentNumber}`, Number(r.id));
  // The registry learns the persons in the same transaction (`natural-person.observed`, keyed by person: once each).
  if (prepared.persons.length > 0) await appendEvents(tx, id.domain, personObservedEvents(prepared.persons));
  // Keys already on file: their existing ids, in one lookup.
  const authorities: string[] = [];
  const documents: string[] = [];
  for (const k of firstOfKey.keys()) {
    if (ids.has(k)) continue;
    const cut = k.indexOf('\u0000');
    authorities.push(k.slice(0, cut));
    documents.push(k.slice(cut + 1));
  }
  const existingIds = new Map<string, number>();
  if (authorities.length > 0) {
    // A probe of the natural-key index per key, whatever the table's statistics say: a table
    // filling faster than autovacuum analyses it looks small, and a join would scan it whole.
    const found = await rows<{ id: number | string; authority_uscc: string; document_number: string }>(
      tx,
      sql`select t.id, t.authority_uscc, t.document_number
          from unnest(${arrayParameter(authorities)}::text::bpchar[], ${arrayParameter(documents)}::text::text[]) as k(a, d)
          cross join lateral (select id, authority_uscc, document_number from ${table} t where t.authority_uscc = k.a and t.document_number = k.d) t`,
    );
    for (const f of found) existingIds.set(`${f.authority_uscc}\u0000${f.document_number}`, Number(f.id));
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === null || k === undefined) {
      results[i] = { index: prepared.indexes[i]!, status: 'REJECTED', id: null, problems: prepared.problems[i]! };
      continue;
    }
    const isNew = firstOfKey.get(k) === i && ids.has(k);
    const rowId = ids.get(k) ?? existingIds.get(k);
    results[i] = { index: prepared.indexes[i]!, status: isNew ? 'ACCEPTED' : 'DUPLICATE', id: rowId === undefined ? null : toGlobalId(id.domain, id.type, rowId), problems: [] };
  }
  const summary = summarize(results);
  // One event for the batch (not per row), in its transaction: statistics and the 月报 see exactly what was stored.
  const rejectedProblems = prepared.problems.filter((_, i) => keys[i] === null);
  const event = recordBatchEvent(id, stored, {
    submitted: keys.length,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
    rejectedByReason: countReasons(rejectedProblems),
  });
  await appendEvents(tx, id.domain, [event]);
  return summary;
}
