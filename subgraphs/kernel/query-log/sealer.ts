import { sql } from 'drizzle-orm';
import { rows, type Drizzle } from '../db.ts';
import { canonicalFields, entryHash, GENESIS_HASH, type SealedEntry, type SubjectType } from './entries.ts';
import { errorSummary, parseUtcText, toNumber, utcText } from './sql.ts';

/** Any fixed key works, as long as every sealer of one database (every process) uses it. */
export const SEAL_LOCK_KEY = 0x716c6f67; // 'qlog'
export const DEFAULT_SEAL_MAX = 5000;
/**
 * Pending rows younger than this stay pending, so that every subgraph's part of a request has
 * landed before the request is sealed and its parts merge into one entry. Measured against the
 * database clock; a host whose clock runs ahead only delays its entries.
 */
export const SETTLE_MS = 200;

export interface SealOptions {
  /** Most pending rows to claim (default 5,000); rows of the same request+subject come along. */
  max?: number;
  /** Seal young rows too (shutdown, tests). */
  all?: boolean;
}

interface PendingRow extends Record<string, unknown> {
  id: unknown;
  request_id: string;
  caller_kind: string;
  caller_id: string | null;
  subject_type: string;
  subject_id: string;
  fields: string[];
  purpose: string | null;
  accessed_at: string;
}

interface HeadRow extends Record<string, unknown> {
  seq: string | null;
  hash: string | null;
  sealed_at: string | null;
  now: string;
}

type Unsealed = Omit<SealedEntry, 'seq' | 'sealedAt' | 'fields'> & { fields: Set<string> };

/**
 * Rows of one (request, subject) become one entry: union of fields, earliest access; caller and
 * purpose are the request's, taken from its first row. Entries keep the order of first arrival.
 */
function merge(pending: PendingRow[]): Unsealed[] {
  const byKey = new Map<string, Unsealed>();
  const ordered = pending.map((r) => ({ r, id: toNumber(r.id) })).sort((a, b) => a.id - b.id);
  for (const { r } of ordered) {
    const key = JSON.stringify([r.request_id, r.subject_type, r.subject_id]);
    const accessedAt = parseUtcText(r.accessed_at).date;
    const entry = byKey.get(key);
    if (entry) {
      for (const f of r.fields) entry.fields.add(f);
      if (accessedAt < entry.accessedAt) entry.accessedAt = accessedAt;
      continue;
    }
    byKey.set(key, {
      requestId: r.request_id,
      callerKind: r.caller_kind,
      callerId: r.caller_id,
      subjectType: r.subject_type as SubjectType,
      subjectId: r.subject_id,
      fields: new Set(r.fields),
      purpose: r.purpose,
      accessedAt,
    });
  }
  return [...byKey.values()];
}

async function sealBatch(db: Drizzle, options: SealOptions): Promise<{ entries: number; rows: number }> {
  const max = options.max ?? DEFAULT_SEAL_MAX;
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError('sealPending: max must be a positive integer');
  const settled = options.all ? sql`true` : sql`accessed_at < now() - make_interval(secs => ${SETTLE_MS / 1000})`;
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Drizzle;
    // Serialises sealers across processes; released by commit or rollback, so a crash cannot leave it held.
    await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(SEAL_LOCK_KEY))})`);
    // Claiming by DELETE … RETURNING reads and removes in one statement; a failure later in this
    // transaction rolls the rows back into pending. Every row of a claimed (request, subject)
    // comes along, even past `max` or younger than SETTLE_MS, so one batch never splits it.
    const claimed = await rows<PendingRow>(
      tx,
      sql`with picked as (
            select request_id, subject_type, subject_id from access.query_log_pending
            where ${settled} order by id limit ${max}
          ), keys as (select distinct request_id, subject_type, subject_id from picked)
          delete from access.query_log_pending p using keys k
          where p.request_id = k.request_id and p.subject_type = k.subject_type and p.subject_id = k.subject_id
          returning p.id, p.request_id, p.caller_kind, p.caller_id, p.subject_type, p.subject_id, p.fields, p.purpose,
            ${utcText(sql`p.accessed_at`)} as accessed_at`,
    );
    if (claimed.length === 0) return { entries: 0, rows: 0 };
    // Read under the lock, so this is the head no other sealer can move until we commit.
    const [head] = await rows<HeadRow>(
      tx,
      sql`select h.seq::text as seq, h.hash, ${utcText(sql`h.sealed_at`)} as sealed_at, ${utcText(sql`clock_timestamp()`)} as now
          from (select 1) as one
          left join lateral (select seq, hash, sealed_at from access.query_log order by seq desc limit 1) as h on true`,
    );
    if (!head) throw new Error('query log: head query returned nothing');
    // The database clock, never earlier than the head's, so sealed_at never runs backwards in the
    // chain even when sealing processes' clocks disagree.
    const now = parseUtcText(head.now).date;
    const headSealedAt = head.sealed_at ? parseUtcText(head.sealed_at).date : now;
    const sealedAt = now < headSealedAt ? headSealedAt : now;
    let seq = head.seq === null ? 0 : toNumber(head.seq);
    let prevHash = head.hash ?? GENESIS_HASH;
    const sealed = merge(claimed).map((u) => {
      const entry: SealedEntry = { ...u, fields: canonicalFields([...u.fields]), seq: ++seq, sealedAt };
      const hash = entryHash(prevHash, entry);
      const row = { ...entry, prevHash, hash };
      prevHash = hash;
      return row;
    });
    // The whole batch as one jsonb parameter: one statement whatever its size, and far cheaper to
    // build and parse than 12 bound parameters a row.
    const batch = sealed.map((e) => ({
      seq: e.seq,
      request_id: e.requestId,
      caller_kind: e.callerKind,
      caller_id: e.callerId,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      fields: e.fields,
      purpose: e.purpose,
      accessed_at: e.accessedAt.toISOString(),
      sealed_at: e.sealedAt.toISOString(),
      prev_hash: e.prevHash,
      hash: e.hash,
    }));
    await tx.execute(
      sql`insert into access.query_log
            (seq, request_id, caller_kind, caller_id, subject_type, subject_id, fields, purpose, accessed_at, sealed_at, prev_hash, hash)
          select seq, request_id, caller_kind, caller_id, subject_type, subject_id, fields, purpose, accessed_at, sealed_at, prev_hash, hash
          from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(seq bigint, request_id text, caller_kind text,
            caller_id text, subject_type text, subject_id text, fields text[], purpose text, accessed_at timestamptz,
            sealed_at timestamptz, prev_hash text, hash text)`,
    );
    return { entries: sealed.length, rows: claimed.length };
  });
}

/**
 * Moves pending accesses into the hash chain, in one transaction under an advisory lock so that
 * concurrent sealers (several processes on one PostgreSQL) queue instead of forking the chain.
 * Returns how many chain entries were written.
 */
export async function sealPending(db: Drizzle, options: SealOptions = {}): Promise<number> {
  return (await sealBatch(db, options)).entries;
}

export interface Sealer {
  /** Stops the timer, waits for a running seal, then seals everything still pending. */
  stop(): Promise<void>;
}

function errorLine(error: unknown): string {
  return JSON.stringify({ level: 'error', event: 'query_log_seal_failed', at: new Date().toISOString(), ...errorSummary(error) });
}

/** Seals every `intervalMs`, one run at a time; a failed run is logged and retried next time. */
export function startSealer(db: Drizzle, intervalMs: number, log: (line: string) => void = (l) => console.error(l)): Sealer {
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new RangeError('startSealer: intervalMs must be positive');
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    try {
      // A full batch means a backlog: drain it now rather than one batch per interval.
      while (!stopped && (await sealBatch(db, {})).rows >= DEFAULT_SEAL_MAX);
    } catch (error) {
      log(errorLine(error));
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(schedule);
    }, intervalMs);
    // The sealer alone must not keep a process alive.
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      while ((await sealBatch(db, { all: true })).rows > 0);
    },
  };
}
