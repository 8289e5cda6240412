import { sql } from 'drizzle-orm';
import type { Drizzle } from '../db.ts';
import { canonicalFields, type AccessEntry } from './entries.ts';

/**
 * Registers accesses as pending, in one INSERT whatever the batch size (the rows travel as one
 * jsonb parameter, not 8 bound parameters a row). Nothing here touches the chain, so appenders
 * never wait on each other or on the sealer.
 */
export async function appendAccesses(db: Drizzle, entries: AccessEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const batch = entries.map((e) => {
    if (e.subjectType !== 'LEGAL_PERSON' && e.subjectType !== 'NATURAL_PERSON') {
      throw new TypeError(`query log: unknown subject type '${String(e.subjectType)}'`);
    }
    if (Number.isNaN(e.accessedAt.getTime())) throw new RangeError('query log: invalid accessedAt');
    return {
      request_id: e.requestId,
      caller_kind: e.callerKind,
      caller_id: e.callerId,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      fields: canonicalFields(e.fields),
      purpose: e.purpose,
      accessed_at: e.accessedAt.toISOString(),
    };
  });
  await db.execute(
    sql`insert into access.query_log_pending (request_id, caller_kind, caller_id, subject_type, subject_id, fields, purpose, accessed_at)
        select request_id, caller_kind, caller_id, subject_type, subject_id, fields, purpose, accessed_at
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(request_id text, caller_kind text, caller_id text,
          subject_type text, subject_id text, fields text[], purpose text, accessed_at timestamptz)`,
  );
}
