import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { recordStatusHistoryTable } from '../../../drizzle/schema/record-history.ts';
import { type Drizzle, rows } from '../db.ts';
import { appendEvents } from '../events/index.ts';
import { toGlobalId } from '../global-id.ts';
import { listTypesOfSubject, RECORD_STATUS_CHANGED, type StatusChangedPayload } from '../record-events.ts';

export type StatusHistoryTable = ReturnType<typeof recordStatusHistoryTable>;

/**
 * How the lifecycle reaches one record type of a domain: its table and the columns every record
 * with a status has. Polarity and severity are columns of sector records, fixed for 双公示
 * (a penalty is negative and has a severity, a licence is positive) or derived from the row
 * (a tax rating's grade). A type whose records name only legal persons has no person column.
 */
export interface LifecycleRecordType {
  table: PgTable;
  id: PgColumn;
  subjectUscc: PgColumn;
  subjectPersonId: PgColumn | null;
  status: PgColumn;
  objectionId: PgColumn;
  publishedDate: PgColumn;
  decisionDate: PgColumn;
  sourceName: PgColumn;
  /** The deciding department's USCC; null on a row lets no department decide (objections are refused). */
  sourceUscc: PgColumn;
  polarity: PgColumn | SQL | 'POSITIVE' | 'NEGATIVE';
  severity: PgColumn | SQL | 'MINOR' | 'GENERAL' | 'SEVERE' | null;
  publicationEndDate: PgColumn | null;
}

/** A domain's record types by the type name of their global ids, and its history table. */
export interface DomainLifecycle {
  domain: string;
  history: StatusHistoryTable;
  types: Readonly<Record<string, LifecycleRecordType>>;
}

export interface LifecycleRecord {
  id: number;
  subjectUscc: string | null;
  subjectPersonId: string | null;
  status: string;
  objectionId: string | null;
  publishedDate: string | null;
  decisionDate: string;
  sourceName: string;
  sourceUscc: string | null;
  polarity: string;
  severity: string | null;
  publicationEndDate: string | null;
}

// A column, an expression over the row, or a constant where the value is fixed (a penalty is negative).
const column = (c: PgColumn | SQL | string | null): SQL => (c === null ? sql`null` : sql`${c}`);

/** One record, locked for the transaction that changes it; null when there is none. */
export async function lockRecord(tx: Drizzle, spec: LifecycleRecordType, key: string): Promise<LifecycleRecord | null> {
  if (!/^\d{1,18}$/.test(key)) return null;
  const [row] = await rows<Record<string, unknown>>(
    tx,
    sql`select ${spec.id} as id, ${spec.subjectUscc} as subject_uscc, ${column(spec.subjectPersonId)}::text as subject_person_id, ${spec.status} as status,
               ${spec.objectionId} as objection_id, ${spec.publishedDate}::text as published_date, ${spec.decisionDate}::text as decision_date,
               ${spec.sourceName} as source_name, ${spec.sourceUscc} as source_uscc, ${column(spec.polarity)}::text as polarity,
               ${column(spec.severity)}::text as severity, ${column(spec.publicationEndDate)}::text as publication_end_date
        from ${spec.table} where ${spec.id} = ${key} for update`,
  );
  if (!row) return null;
  return {
    id: Number(row.id),
    subjectUscc: (row.subject_uscc as string | null)?.trim() ?? null,
    subjectPersonId: (row.subject_person_id as string | null) ?? null,
    status: row.status as string,
    objectionId: (row.objection_id as string | null) ?? null,
    publishedDate: (row.published_date as string | null) ?? null,
    decisionDate: row.decision_date as string,
    sourceName: row.source_name as string,
    sourceUscc: (row.source_uscc as string | null)?.trim() ?? null,
    polarity: row.polarity as string,
    severity: (row.severity as string | null) ?? null,
    publicationEndDate: (row.publication_end_date as string | null) ?? null,
  };
}

export function isSubjectOf(record: LifecycleRecord, subjectType: string, subjectId: string): boolean {
  return subjectType === 'LEGAL_PERSON' ? record.subjectUscc === subjectId : record.subjectPersonId === subjectId;
}

export async function setObjectionMark(tx: Drizzle, spec: LifecycleRecordType, id: number, objectionId: string | null, onlyIf?: string): Promise<void> {
  await tx.execute(
    sql`update ${spec.table} set ${sql.identifier(spec.objectionId.name)} = ${objectionId}
        where ${spec.id} = ${id}${onlyIf ? sql` and ${spec.objectionId} = ${onlyIf}` : sql``}`,
  );
}

/**
 * Records a status change once per cause and sets the record's current status; a change already
 * recorded for this cause (an event delivered again) changes nothing. Returns whether it was new.
 */
export async function recordStatusChange(
  tx: Drizzle,
  lifecycle: DomainLifecycle,
  recordType: string,
  record: LifecycleRecord,
  change: { status: 'CORRECTED' | 'REVOKED' | 'REPAIRED'; effectiveOn: string; reason: string; causeType: 'OBJECTION' | 'REPAIR'; causeId: string; details?: Record<string, unknown>; endPublicDisplay?: boolean },
): Promise<boolean> {
  const spec = lifecycle.types[recordType]!;
  const h = lifecycle.history;
  const inserted = await rows<{ id: unknown }>(
    tx,
    sql`insert into ${h} (record_type, record_id, status, effective_on, reason, cause_type, cause_id, details)
        values (${recordType}, ${record.id}, ${change.status}, ${change.effectiveOn}, ${change.reason}, ${change.causeType}, ${change.causeId},
                ${change.details ? JSON.stringify(change.details) : null}::jsonb)
        on conflict do nothing returning id`,
  );
  if (inserted.length === 0) return false;
  // A correction does not undo a revocation or a repair: those end the record's public life.
  const keepsStatus = change.status === 'CORRECTED' && (record.status === 'REVOKED' || record.status === 'REPAIRED');
  const sets: SQL[] = [];
  if (!keepsStatus) sets.push(sql`${sql.identifier(spec.status.name)} = ${change.status}`);
  if (change.endPublicDisplay && spec.publicationEndDate) {
    // Public display ends the day before the change takes effect: it is not shown from that day.
    sets.push(sql`${sql.identifier(spec.publicationEndDate.name)} = least(coalesce(${spec.publicationEndDate}, 'infinity'::date), ${change.effectiveOn}::date - 1)`);
  }
  if (sets.length > 0) await tx.execute(sql`update ${spec.table} set ${sql.join(sets, sql`, `)} where ${spec.id} = ${record.id}`);
  // Statistics learn the change in the same transaction; the lists are read after the update.
  const subjectType = record.subjectUscc ? 'LEGAL_PERSON' : 'NATURAL_PERSON';
  const subjectId = record.subjectUscc ?? record.subjectPersonId ?? '';
  const payload: StatusChangedPayload = {
    domain: lifecycle.domain,
    recordType,
    recordId: toGlobalId(lifecycle.domain, recordType, record.id),
    subjectType,
    subjectId,
    departmentUscc: record.sourceUscc,
    polarity: record.polarity,
    severity: record.severity,
    decisionDate: record.decisionDate,
    oldStatus: record.status,
    newStatus: keepsStatus ? record.status : change.status,
    effectiveOn: change.effectiveOn,
    causeType: change.causeType,
    listTypes: await listTypesOfSubject(tx, lifecycle.domain, subjectType, subjectId),
  };
  await appendEvents(tx, lifecycle.domain, [
    {
      topic: RECORD_STATUS_CHANGED,
      key: `${lifecycle.domain}:${recordType}:${record.id}:${change.causeType}:${change.causeId}`,
      subject: { type: subjectType, id: subjectId },
      payload: payload as unknown as Record<string, unknown>,
    },
  ]);
  return true;
}
