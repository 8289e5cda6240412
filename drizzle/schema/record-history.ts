import { bigint, bigserial, date, index, jsonb, type PgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The lifecycle columns of a record type whose own shape has no status (tax ratings, wage
 * arrears, dishonest debtors): its current status and the objection open against it. Spread into
 * the table so every record a subject can see can be objected to, corrected and revoked.
 */
export function lifecycleColumns() {
  return {
    /** PUBLISHED, CORRECTED, REVOKED or REPAIRED; corrections and revocations are new facts, never deletions. */
    status: text('status').notNull().default('PUBLISHED'),
    /** The platform id of the objection (异议) open against the record; null when none is. */
    objectionId: text('objection_id'),
  };
}

/**
 * A record's status history (信用记录状态变更): each correction, revocation or repair is a new row,
 * never an update of an earlier one. The record keeps its current status as a column for fast
 * filtering; its publication is the record itself (published date) and its expiry is derived
 * from the window end at read time, so neither needs a row.
 */
export function recordStatusHistoryTable(schema: PgSchema, name: string) {
  return schema.table(
    'record_status_history',
    {
      id: bigserial('id', { mode: 'number' }).primaryKey(),
      /** The record's type as in its global id, e.g. AdministrativePenalty, BusinessRecord. */
      recordType: text('record_type').notNull(),
      recordId: bigint('record_id', { mode: 'number' }).notNull(),
      /** CORRECTED, REVOKED or REPAIRED */
      status: text('status').notNull(),
      /** The platform day (Asia/Shanghai) the change takes effect. */
      effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
      at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
      /** The deciding department's reasons, as it gave them. */
      reason: text('reason').notNull(),
      /** OBJECTION or REPAIR: what caused the change, and its id on the platform. */
      causeType: text('cause_type').notNull(),
      causeId: text('cause_id').notNull(),
      /** What the change altered (a correction's text, the window end it replaced). */
      details: jsonb('details'),
    },
    (t) => [
      // One change per cause: an event delivered twice cannot write a second row.
      uniqueIndex(`${name}_status_history_cause`).on(t.recordType, t.recordId, t.causeType, t.causeId),
      index(`${name}_status_history_record`).on(t.recordId, t.recordType, t.id),
    ],
  );
}
