import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { shanghaiDate } from './calendar.ts';
import { insertJsonRows } from './bulk-insert.ts';
import { type Drizzle, rows } from './db.ts';
import { badUserInput } from './errors.ts';
import { appendEvents } from './events/index.ts';
import type { ObservedPerson } from './id-number.ts';
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

/** One checked row: the row to store (null when rejected) and the natural person it names, if any. */
export interface CheckedRow<T> {
  index: number;
  row: T | null;
  problems: RowResult['problems'];
  person?: ObservedPerson | null;
}

/**
 * Inserts the valid rows in one statement; a row whose natural key (authority, document number)
 * exists already — or repeats earlier in the same call — is a duplicate and keeps the first.
 * Natural persons named by the valid rows are announced to the registry in the same
 * transaction (`natural-person.observed`, produced by `id.domain`).
 */
export async function storeByNaturalKey<T extends NaturalKeyed>(
  db: Drizzle,
  table: KeyedTable,
  id: { domain: string; type: string },
  checked: CheckedRow<T>[],
): Promise<SubmissionResult> {
  const results: RowResult[] = checked.map(({ index, problems }) => ({ index, status: 'REJECTED', id: null, problems }));
  const valid = checked.filter((c) => c.row !== null) as (CheckedRow<T> & { row: T })[];
  const key = (r: NaturalKeyed) => `${r.authorityUscc}\u0000${r.documentNumber}`;
  const firstOfKey = new Map<string, number>();
  for (const v of valid) if (!firstOfKey.has(key(v.row))) firstOfKey.set(key(v.row), v.index);
  const unique = valid.filter((v) => firstOfKey.get(key(v.row)) === v.index);
  const ids = new Map<string, number>();
  if (unique.length > 0) {
    // One transaction per call: a submission is written whole or not at all.
    await db.transaction(async (tx) => {
      const inserted = await insertJsonRows<{ id: unknown; authorityUscc: string; documentNumber: string }>(
        tx as unknown as Drizzle,
        table,
        unique.map((u) => u.row as unknown as Record<string, unknown>),
        {
          onConflictDoNothing: [table.authorityUscc, table.documentNumber],
          returning: { id: table.id, authorityUscc: table.authorityUscc, documentNumber: table.documentNumber },
        },
      );
      for (const r of inserted) ids.set(key(r), Number(r.id));
      await appendEvents(tx as unknown as Drizzle, id.domain, personObservedEvents(unique.map((u) => u.person ?? null)));
    });
  }
  // Rows already on file (or repeated within the call): their existing ids, in one lookup.
  const existing = valid.filter((v) => !ids.has(key(v.row)) || firstOfKey.get(key(v.row)) !== v.index);
  const existingIds = new Map<string, number>();
  if (existing.length > 0) {
    const keys = JSON.stringify(existing.map((e) => ({ a: e.row.authorityUscc, d: e.row.documentNumber })));
    const found = await rows<{ id: number | string; authority_uscc: string; document_number: string }>(
      db,
      sql`select t.id, t.authority_uscc, t.document_number from ${table} t
          join json_to_recordset(${keys}::json) as k(a text, d text)
            -- bpchar, not text, so the (authority_uscc, document_number) index serves the join
            on t.authority_uscc = k.a::bpchar and t.document_number = k.d`,
    );
    for (const f of found) existingIds.set(`${f.authority_uscc}\u0000${f.document_number}`, Number(f.id));
  }
  for (const v of valid) {
    const k = key(v.row);
    const isNew = ids.has(k) && firstOfKey.get(k) === v.index;
    const rowId = isNew ? ids.get(k)! : (existingIds.get(k) ?? ids.get(k));
    results[v.index] = { index: v.index, status: isNew ? 'ACCEPTED' : 'DUPLICATE', id: rowId === undefined ? null : toGlobalId(id.domain, id.type, rowId), problems: [] };
  }
  return summarize(results);
}

