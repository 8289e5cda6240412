import { createHash } from 'node:crypto';

export type SubjectType = 'LEGAL_PERSON' | 'NATURAL_PERSON';

/** One registered access: a caller read non-public fields of one subject within one request. */
export interface AccessEntry {
  requestId: string;
  callerKind: string;
  callerId: string | null;
  subjectType: SubjectType;
  subjectId: string;
  fields: string[];
  purpose: string | null;
  accessedAt: Date;
}

/** An entry as it stands in the chain. */
export interface SealedEntry extends AccessEntry {
  seq: number;
  sealedAt: Date;
}

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Bumped if the canonical form ever changes, so an old chain stays verifiable by knowing which
 * form each entry was hashed with.
 */
const CANONICAL_VERSION = 1;

/** Field names as the chain records them: sorted (by UTF-16 code unit, locale-free) and unique. */
export function canonicalFields(fields: readonly string[]): string[] {
  return [...new Set(fields)].sort();
}

function instant(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new RangeError('query log: invalid instant');
  return value.toISOString();
}

/**
 * The exact text an entry is hashed over. An object literal keeps its key order in
 * JSON.stringify, so this order is the canonical one; seq is inside so a renumbered chain
 * fails verification rather than silently re-linking.
 */
export function canonicalEntry(entry: SealedEntry): string {
  return JSON.stringify({
    v: CANONICAL_VERSION,
    seq: entry.seq,
    requestId: entry.requestId,
    callerKind: entry.callerKind,
    callerId: entry.callerId,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    fields: canonicalFields(entry.fields),
    purpose: entry.purpose,
    accessedAt: instant(entry.accessedAt),
    sealedAt: instant(entry.sealedAt),
  });
}

/** sha256 (hex) over the previous entry's hash and this entry's canonical form. */
export function entryHash(prevHash: string, entry: SealedEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEntry(entry)).digest('hex');
}
