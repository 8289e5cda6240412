import { sql } from 'drizzle-orm';
import { statisticsAppliedEvent } from '../../drizzle/schema/platform-statistics.ts';
import { shanghaiDate } from '../kernel/calendar.ts';
import { earlyWarningRules } from '../kernel/config.ts';
import { type Drizzle, rows } from '../kernel/db.ts';
import type { DeliveredEvent, EventHandler, EventHandlers } from '../kernel/events/index.ts';
import { LISTING_DECIDED, RECORD_PUBLISHED, RECORD_STATUS_CHANGED, type RecordBatchPayload, type StatusChangedPayload } from '../kernel/record-events.ts';
import { addMonthlySubmission, addRecordStatistics, addWithdrawn, updateWarnings } from './statistics-store.ts';

/**
 * Marks a record event applied; false when it was already (a redelivery): the caller then
 * changes nothing, so at-least-once delivery never counts an event twice.
 */
export async function firstApplication(tx: Drizzle, event: Pick<DeliveredEvent, 'topic' | 'key'>): Promise<boolean> {
  const inserted = await rows<{ key: string }>(
    tx,
    sql`insert into ${statisticsAppliedEvent} (topic, key) values (${event.topic}, ${event.key}) on conflict do nothing returning key`,
  );
  return inserted.length > 0;
}

const once =
  (apply: EventHandler): EventHandler =>
  async (tx, event) => {
    if (await firstApplication(tx, event)) await apply(tx, event);
  };

/** The 月报 month: the day the batch was stored (the event's creation), in Asia/Shanghai. */
const submissionMonth = (event: DeliveredEvent) => shanghaiDate(new Date(event.createdAt)).slice(0, 7);

/** Statuses in force, and those that end a record's force (撤销, 信用修复). */
const IN_FORCE = new Set(['PUBLISHED', 'CORRECTED']);
const WITHDRAWN = new Set(['REVOKED', 'REPAIRED']);

/** Applies one batch of published records to every aggregate. */
export async function applyRecordBatch(tx: Drizzle, p: RecordBatchPayload, month: string): Promise<void> {
  await addRecordStatistics(tx, p.domain, p.recordType, p.records);
  await addMonthlySubmission(tx, month, p);
  await updateWarnings(tx, earlyWarningRules(), { add: p.records });
}

export async function applyStatusChange(tx: Drizzle, p: StatusChangedPayload): Promise<void> {
  // A correction keeps the record in force; only leaving force changes the counts.
  if (!IN_FORCE.has(p.oldStatus) || !WITHDRAWN.has(p.newStatus)) return;
  await addWithdrawn(tx, p);
  if (p.polarity === 'NEGATIVE') await updateWarnings(tx, earlyWarningRules(), { remove: [{ subjectType: p.subjectType, subjectId: p.subjectId, id: p.recordId }] });
}

/** The record events of every domain, applied to platform's statistics. */
export const statisticsEventHandlers: EventHandlers = {
  [RECORD_PUBLISHED]: once((tx, event) => applyRecordBatch(tx, event.payload as unknown as RecordBatchPayload, submissionMonth(event))),
  // Listing decisions are list entries and 月报 rows, not credit records: no record counts, no warnings.
  [LISTING_DECIDED]: once(async (tx, event) => {
    const p = event.payload as unknown as RecordBatchPayload;
    await addRecordStatistics(tx, p.domain, p.recordType, p.records, false);
    await addMonthlySubmission(tx, submissionMonth(event), p);
  }),
  [RECORD_STATUS_CHANGED]: once((tx, event) => applyStatusChange(tx, event.payload as unknown as StatusChangedPayload)),
};
