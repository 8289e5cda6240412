import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import { addCalendarDays, shanghaiDate } from '../calendar.ts';
import { anyOf, type Drizzle, rows } from '../db.ts';
import type { StatusHistoryTable } from './records.ts';

/**
 * A record's status history as the API shows it: its publication (the record itself), each
 * change on file, and its expiry when the window has ended — derived at read time, no job.
 */
export type HistoryStatus = 'PUBLISHED' | 'CORRECTED' | 'REVOKED' | 'REPAIRED' | 'EXPIRED';

export interface StatusChange {
  status: HistoryStatus;
  /** The day it took effect (Asia/Shanghai). */
  effectiveOn: string;
  /** When it was recorded; null for derived entries (publication, expiry). */
  recordedAt: string | null;
  reason: string | null;
  /** OBJECTION or REPAIR, and the platform id of the objection or application. */
  cause: string | null;
  causeId: string | null;
  correction: string | null;
}

export interface HistoricRecord {
  id: number;
  status: string;
  /** Publication starts the history; a record type without a publication day starts at its decision. */
  publishedDate?: string | null;
  decisionDate?: string;
  publicationEndDate?: string | null;
}

/** REVOKED and REPAIRED end a record's public life; otherwise past its window it is EXPIRED. */
export function effectiveStatus(record: HistoricRecord, today: string = shanghaiDate()): HistoryStatus {
  if (record.status === 'REVOKED' || record.status === 'REPAIRED') return record.status;
  if (record.publicationEndDate && record.publicationEndDate < today) return 'EXPIRED';
  return record.status as HistoryStatus;
}

export function statusHistoryOf(record: HistoricRecord, changes: readonly StatusChange[], today: string = shanghaiDate()): StatusChange[] {
  const derived = { recordedAt: null, reason: null, cause: null, causeId: null, correction: null };
  const history: StatusChange[] = [{ status: 'PUBLISHED', effectiveOn: (record.publishedDate ?? record.decisionDate)!, ...derived }, ...changes];
  if (effectiveStatus(record, today) === 'EXPIRED') history.push({ status: 'EXPIRED', effectiveOn: addCalendarDays(record.publicationEndDate!, 1), ...derived });
  return history;
}

/** Every record's changes in one statement per request, whatever the number of records. */
export class StatusHistoryLoader {
  private readonly loader: DataLoader<string, StatusChange[]>;

  constructor(db: Drizzle, table: StatusHistoryTable) {
    this.loader = new DataLoader(
      async (keys) => {
        const ids = [...new Set(keys.map((k) => Number(k.slice(k.indexOf(':') + 1))))];
        const found = await rows<Record<string, unknown>>(
          db,
          sql`select record_type, record_id, status, effective_on::text as effective_on,
                     to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as recorded_at,
                     reason, cause_type, cause_id, details->>'correction' as correction
              from ${table} where ${anyOf(table.recordId, ids)} order by id`,
        );
        const byKey = new Map<string, StatusChange[]>();
        for (const r of found) {
          const key = `${r.record_type}:${Number(r.record_id)}`;
          const list = byKey.get(key) ?? [];
          list.push({
            status: r.status as HistoryStatus,
            effectiveOn: r.effective_on as string,
            recordedAt: r.recorded_at as string,
            reason: r.reason as string,
            cause: r.cause_type as string,
            causeId: r.cause_id as string,
            correction: (r.correction as string | null) ?? null,
          });
          byKey.set(key, list);
        }
        return keys.map((k) => byKey.get(k) ?? []);
      },
      { maxBatchSize: 1000 },
    );
  }

  load(recordType: string, id: number): Promise<StatusChange[]> {
    return this.loader.load(`${recordType}:${id}`);
  }
}

/** The lifecycle fields of a record type, shared by every domain: status, statusHistory, underObjection. */
export function lifecycleResolvers(recordType: string) {
  return {
    status: (row: HistoricRecord) => effectiveStatus(row),
    underObjection: (row: { objectionId?: string | null }) => !!row.objectionId,
    statusHistory: async (row: HistoricRecord, _args: unknown, ctx: { loaders: { statusHistory: StatusHistoryLoader } }) =>
      statusHistoryOf(row, await ctx.loaders.statusHistory.load(recordType, row.id)),
  };
}
