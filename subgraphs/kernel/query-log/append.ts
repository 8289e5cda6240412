import type { Drizzle } from '../db.ts';
import { queryLogPending } from '../../../drizzle/schema/access.ts';
import { canonicalFields, type AccessEntry } from './entries.ts';

/** 8 parameters a row; PostgreSQL takes at most 65,535 in one statement. */
const ROWS_PER_INSERT = 5000;

/**
 * Registers accesses as pending, in one INSERT for a request's batch. Nothing here touches the
 * chain, so appenders never wait on each other or on the sealer.
 */
export async function appendAccesses(db: Drizzle, entries: AccessEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += ROWS_PER_INSERT) {
    const values = entries.slice(start, start + ROWS_PER_INSERT).map((e) => {
      if (e.subjectType !== 'LEGAL_PERSON' && e.subjectType !== 'NATURAL_PERSON') {
        throw new TypeError(`query log: unknown subject type '${String(e.subjectType)}'`);
      }
      if (Number.isNaN(e.accessedAt.getTime())) throw new RangeError('query log: invalid accessedAt');
      return {
        requestId: e.requestId,
        callerKind: e.callerKind,
        callerId: e.callerId,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        fields: canonicalFields(e.fields),
        purpose: e.purpose,
        accessedAt: e.accessedAt,
      };
    });
    await db.insert(queryLogPending).values(values);
  }
}
