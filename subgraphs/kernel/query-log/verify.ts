import { sql } from 'drizzle-orm';
import { rows, type Drizzle } from '../db.ts';
import { entryHash, GENESIS_HASH, type SealedEntry, type SubjectType } from './entries.ts';
import { parseUtcText, toNumber, utcText } from './sql.ts';

export type ChainProblemKind = 'ALTERED' | 'BROKEN_LINK' | 'MISSING' | 'OUT_OF_ORDER';

/** What is wrong at one place of the chain; `detail` names seq numbers only, never personal data. */
export interface ChainProblem {
  seq: number;
  problem: ChainProblemKind;
  detail: string;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  headSeq: number | null;
  headHash: string | null;
  problems: ChainProblem[];
  /** Problems found beyond `maxProblems` and not listed (a wholesale rewrite would list millions). */
  omittedProblems: number;
}

export interface VerifyOptions {
  /** Rows read per statement (default 10,000). */
  chunkSize?: number;
  /** Most problems listed (default 10,000); the rest are only counted. */
  maxProblems?: number;
}

interface ChainRow extends Record<string, unknown> {
  seq: unknown;
  request_id: string;
  caller_kind: string;
  caller_id: string | null;
  subject_type: string;
  subject_id: string;
  fields: string[];
  purpose: string | null;
  accessed_at: string;
  sealed_at: string;
  prev_hash: string;
  hash: string;
}

/** Orders by query_log.seq: a bare `seq` would mean the text alias, sorting 10 before 9. */
function readChunk(db: Drizzle, afterSeq: number | null, size: number): Promise<ChainRow[]> {
  return rows<ChainRow>(
    db,
    sql`select seq::text as seq, request_id, caller_kind, caller_id, subject_type, subject_id, fields, purpose,
          ${utcText(sql`accessed_at`)} as accessed_at, ${utcText(sql`sealed_at`)} as sealed_at, prev_hash, hash
        from access.query_log
        where ${afterSeq === null ? sql`true` : sql`seq > ${afterSeq}`}
        order by query_log.seq limit ${size}`,
  );
}

/**
 * Recomputes every hash of the chain in seq order, reading it in keyset chunks so memory stays
 * flat whatever its length. Each entry is judged on its own content (ALTERED) and on its link
 * to the entry before it as stored (BROKEN_LINK), so a rewritten row and a re-hashed one point
 * at different seqs. A removed tail cannot be seen from inside the chain: compare the reported
 * head with one published earlier.
 */
export async function verifyChain(db: Drizzle, options: VerifyOptions = {}): Promise<ChainReport> {
  const chunkSize = options.chunkSize ?? 10_000;
  const maxProblems = options.maxProblems ?? 10_000;
  const problems: ChainProblem[] = [];
  let omittedProblems = 0;
  const report = (seq: number, problem: ChainProblemKind, detail: string) => {
    if (problems.length < maxProblems) problems.push({ seq, problem, detail });
    else omittedProblems++;
  };

  let entries = 0;
  let lastSeq: number | null = null;
  let lastHash = GENESIS_HASH;
  let lastSealedAt: Date | null = null;
  let chunk = await readChunk(db, null, chunkSize);
  while (chunk.length > 0) {
    const tail = chunk[chunk.length - 1]!;
    // Fetch the next chunk while this one is hashed.
    const next = chunk.length < chunkSize ? Promise.resolve([]) : readChunk(db, toNumber(tail.seq), chunkSize);
    next.catch(() => {}); // awaited below; this only keeps an early throw from leaving it unhandled
    for (const r of chunk) {
      const seq = toNumber(r.seq);
      const expected = (lastSeq ?? 0) + 1;
      if (seq > expected) {
        const range = seq - 1 > expected ? `seqs ${expected}–${seq - 1} are` : `seq ${expected} is`;
        report(expected, 'MISSING', `${range} missing before seq ${seq}`);
      } else if (seq < expected) {
        report(seq, 'OUT_OF_ORDER', `seq ${seq} where the chain starts at 1`);
      }
      if (r.prev_hash !== lastHash) {
        report(seq, 'BROKEN_LINK', lastSeq === null ? 'prev_hash of the first entry is not the genesis hash' : `prev_hash does not match the hash of seq ${lastSeq}`);
      }
      const accessed = parseUtcText(r.accessed_at);
      const sealed = parseUtcText(r.sealed_at);
      const entry: SealedEntry = {
        seq,
        requestId: r.request_id,
        callerKind: r.caller_kind,
        callerId: r.caller_id,
        subjectType: r.subject_type as SubjectType,
        subjectId: r.subject_id,
        fields: r.fields,
        purpose: r.purpose,
        accessedAt: accessed.date,
        sealedAt: sealed.date,
      };
      if (accessed.subMillisecond || sealed.subMillisecond) {
        report(seq, 'ALTERED', 'a timestamp has sub-millisecond digits, which no sealer writes');
      } else if (entryHash(r.prev_hash, entry) !== r.hash) {
        report(seq, 'ALTERED', 'content does not match its hash');
      }
      if (lastSealedAt && sealed.date < lastSealedAt) {
        report(seq, 'OUT_OF_ORDER', `sealed earlier than seq ${lastSeq}`);
      }
      entries++;
      lastSeq = seq;
      lastHash = r.hash;
      lastSealedAt = sealed.date;
    }
    chunk = await next;
  }
  return {
    ok: problems.length === 0 && omittedProblems === 0,
    entries,
    headSeq: lastSeq,
    headHash: lastSeq === null ? null : lastHash,
    problems,
    omittedProblems,
  };
}
