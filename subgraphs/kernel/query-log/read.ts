import { sql, type SQL } from 'drizzle-orm';
import { rows, type Drizzle } from '../db.ts';
import { badUserInput } from '../errors.ts';
import { parsePage, toConnection, type Connection } from '../pagination.ts';
import { canonicalFields, type AccessEntry, type SubjectType } from './entries.ts';
import { parseUtcText, toNumber, utcText } from './sql.ts';

/** An access as a subject or auditor sees it: sealed into the chain, or still pending. */
export interface AccessRecord extends AccessEntry {
  /** Place in the chain; null while pending. */
  seq: number | null;
  sealed: boolean;
}

export interface AccessFilter {
  subjectId?: string;
  callerId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

interface RecordRow extends Record<string, unknown> {
  seq: unknown;
  sealed: boolean;
  request_id: string;
  caller_kind: string;
  caller_id: string | null;
  subject_type: string;
  subject_id: string;
  fields: string[];
  purpose: string | null;
  accessed_at: string;
  k: string;
}

type Cursor = { at: string; key: string; seq: number };

function checkInstant(value: Date | undefined, argument: string): void {
  if (value !== undefined && Number.isNaN(value.getTime())) {
    throw badUserInput(argument, 'INVALID_INSTANT', 'is not a valid instant');
  }
}

function readCursor(values: (string | number)[] | null): Cursor | null {
  if (!values) return null;
  const [at, key, seq] = values as [string, string, number];
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== at || !/^[0-9a-f]{32}$/.test(key) || seq < 0) {
    throw badUserInput('after', 'INVALID_CURSOR', 'is not a cursor of this list');
  }
  return { at, key, seq };
}

function and(conditions: SQL[]): SQL {
  return conditions.length === 0 ? sql`true` : sql.join(conditions, sql` and `);
}

/**
 * Newest first. The order is (access time, a digest of request+subject, seq): the digest is the
 * same before and after sealing, so an entry sealed between two pages keeps its place.
 */
export async function listAccesses(
  db: Drizzle,
  filter: AccessFilter,
  page: { first?: number | null; after?: string | null },
): Promise<Connection<AccessRecord>> {
  const request = parsePage(page, ['string', 'string', 'number']);
  checkInstant(filter.from, 'from');
  checkInstant(filter.to, 'to');
  if (filter.from && filter.to && filter.from > filter.to) {
    throw badUserInput('to', 'INVALID_PERIOD', 'must not be before from');
  }
  const cursor = readCursor(request.after);

  const who: SQL[] = [];
  if (filter.subjectId !== undefined) who.push(sql`subject_id = ${filter.subjectId}`);
  if (filter.callerId !== undefined) who.push(sql`caller_id = ${filter.callerId}`);
  const period = (column: SQL): SQL[] => [
    ...(filter.from ? [sql`${column} >= ${filter.from.toISOString()}::timestamptz`] : []),
    ...(filter.to ? [sql`${column} < ${filter.to.toISOString()}::timestamptz`] : []),
  ];
  // The plain bound on the time lets the (subject|caller|-, accessed_at) indexes narrow the scan.
  const before = (column: SQL, key: SQL, seq: SQL): SQL[] =>
    cursor
      ? [
          sql`${column} <= ${cursor.at}::timestamptz`,
          sql`(${column}, ${key}, ${seq}) < (${cursor.at}::timestamptz, ${cursor.key}::text, ${cursor.seq}::bigint)`,
        ]
      : [];
  const digest = sql`md5(json_build_array(request_id, subject_type, subject_id)::text)`;
  const limit = request.first + 1;

  // Pending rows of one request+subject merge as the sealer would merge them.
  const pending = sql`
    select request_id, subject_type, subject_id,
      (array_agg(caller_kind order by id))[1] as caller_kind,
      (array_agg(caller_id order by id))[1] as caller_id,
      (array_agg(purpose order by id))[1] as purpose,
      array_remove(array_agg(distinct f.name), null) as fields,
      date_trunc('milliseconds', min(accessed_at)) as accessed_at
    from access.query_log_pending left join lateral unnest(fields) as f(name) on true
    where ${and(who)}
    group by request_id, subject_type, subject_id`;

  const [page_, count] = await Promise.all([
    rows<RecordRow>(
      db,
      sql`select u.seq, u.sealed, u.request_id, u.caller_kind, u.caller_id, u.subject_type, u.subject_id, u.fields, u.purpose,
            ${utcText(sql`u.accessed_at`)} as accessed_at, u.k
          from (
            (select seq, true as sealed, request_id, caller_kind, caller_id, subject_type, subject_id, fields, purpose,
                accessed_at, ${digest} as k
              from access.query_log
              where ${and([...who, ...period(sql`accessed_at`), ...before(sql`accessed_at`, digest, sql`seq`)])}
              order by accessed_at desc, k desc, seq desc limit ${limit})
            union all
            (select 0::bigint, false, request_id, caller_kind, caller_id, subject_type, subject_id, fields, purpose,
                accessed_at, ${digest} as k
              from (${pending}) as g
              where ${and([...period(sql`accessed_at`), ...before(sql`accessed_at`, digest, sql`0::bigint`)])}
              order by accessed_at desc, k desc limit ${limit})
          ) as u
          order by u.accessed_at desc, u.k desc, u.seq desc limit ${limit}`,
    ),
    rows<{ total: unknown }>(
      db,
      sql`select (select count(*) from access.query_log where ${and([...who, ...period(sql`accessed_at`)])})
               + (select count(*) from (${pending}) as g where ${and(period(sql`accessed_at`))}) as total`,
    ),
  ]);

  return toConnection(
    page_.map((r) => ({ r, at: parseUtcText(r.accessed_at).date, seq: toNumber(r.seq) })),
    request,
    toNumber(count[0]?.total ?? 0),
    ({ r, at, seq }) => [at.toISOString(), r.k, seq],
    ({ r, at, seq }): AccessRecord => ({
      seq: r.sealed ? seq : null,
      sealed: r.sealed,
      requestId: r.request_id,
      callerKind: r.caller_kind,
      callerId: r.caller_id,
      subjectType: r.subject_type as SubjectType,
      subjectId: r.subject_id,
      fields: canonicalFields(r.fields),
      purpose: r.purpose,
      accessedAt: at,
    }),
  );
}
