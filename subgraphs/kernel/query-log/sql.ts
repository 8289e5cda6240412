import { sql, type SQL } from 'drizzle-orm';

/**
 * Timestamps travel as exact UTC text with microseconds: the drivers disagree on how they hand
 * back timestamptz (Date, or strings in the session's zone), and the hash needs one exact value.
 */
export function utcText(column: SQL): SQL {
  return sql`to_char((${column}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export interface ParsedInstant {
  date: Date;
  /** True when the value has digits below the millisecond, which the canonical form cannot hold. */
  subMillisecond: boolean;
}

/** Reads text made by `utcText`. */
export function parseUtcText(text: string): ParsedInstant {
  const match = /^(\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})(\d{3})Z$/.exec(text);
  if (!match) throw new Error('query log: unexpected timestamp text');
  return { date: new Date(`${match[1]}Z`), subMillisecond: match[2] !== '000' };
}

/** bigint columns arrive as numbers from PGlite and strings from postgres.js. */
export function toNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error('query log: integer out of range');
  return n;
}

/**
 * SQLSTATE or system error code and the error's class, looking through drizzle's wrapper
 * (`cause`). Messages are left out on purpose: drivers quote row values in them.
 */
export function errorSummary(error: unknown): { code: string | null; error: string } {
  let code: string | null = null;
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ('code' in e && e.code !== undefined && e.code !== null) {
      code = String(e.code);
      break;
    }
  }
  return { code, error: error instanceof Error ? error.name : typeof error };
}
