import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, integer, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { platform } from './platform.ts';

/**
 * Watchlists (关注名单, issue 7): internal callers and consenting agencies watch subjects and are
 * alerted when one gets a new negative record or listing. The owner is the caller's token
 * identity (its kind and id: a department code, an admin id, an agency's USCC).
 */
export const watch = platform.table(
  'watch',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** department, admin or agency */
    ownerKind: text('owner_kind').notNull(),
    ownerId: text('owner_id').notNull(),
    /** LEGAL_PERSON (a USCC) or NATURAL_PERSON (a platform person id). */
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** An agency's stated purpose: its alerts need the subject's live consent for it. */
    purpose: text('purpose'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('watch_owner_subject').on(t.ownerKind, t.ownerId, t.subjectType, t.subjectId),
    // Alerts are made by joining an event's records to the watchers of their subjects.
    index('watch_subject').on(t.subjectId, t.subjectType),
    index('watch_owner_page').on(t.ownerKind, t.ownerId, t.id),
  ],
);

/**
 * One alert for one watcher about one item of one event (a record, or a record's listing):
 * unique per watcher × event × item, so a redelivered event alerts nobody twice.
 */
export const watchAlert = platform.table(
  'watch_alert',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ownerKind: text('owner_kind').notNull(),
    ownerId: text('owner_id').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** An agency watch's purpose when the alert was made: its details show only while that consent is live. */
    purpose: text('purpose'),
    /** NEW_NEGATIVE_RECORD, NEW_LISTING or LISTING_ENDED */
    kind: text('kind').notNull(),
    /** The event log's sequence number of the cause. */
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
    /** What within the event: the record id, with the list for listings. */
    item: text('item').notNull(),
    /** The record's global id, when a record caused it. */
    recordId: text('record_id'),
    domain: text('domain'),
    recordType: text('record_type'),
    category: text('category'),
    severity: text('severity'),
    decisionDate: date('decision_date', { mode: 'string' }),
    /** RED, KEY_ATTENTION or BLACK, for listing alerts. */
    listType: text('list_type'),
    listName: text('list_name'),
    /** When the cause happened (the event's time). */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('watch_alert_once').on(t.ownerKind, t.ownerId, t.eventSeq, t.item),
    index('watch_alert_owner_page').on(t.ownerKind, t.ownerId, t.id),
    // A record's status change ends the listings it was alerted for.
    index('watch_alert_listing_record').on(t.recordId).where(sql`kind = 'NEW_LISTING'`),
    // Whether a listing alert was followed by its end (watchlists/store.ts notEndedSince).
    index('watch_alert_listing_ended').on(t.ownerKind, t.ownerId, t.subjectId, t.listType).where(sql`kind = 'LISTING_ENDED'`),
  ],
);

/** An owner's webhook endpoint (one per owner). The secret signs deliveries, is never returned again, and is stored sealed (watchlists/secret-seal.ts). */
export const watchWebhook = platform.table('watch_webhook', {
  ownerKind: text('owner_kind').notNull(),
  ownerId: text('owner_id').notNull(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('watch_webhook_owner').on(t.ownerKind, t.ownerId)]);

/**
 * The webhook outbox: one delivery per alert made while its owner had a webhook. A worker claims
 * due deliveries (`for update skip locked`, then a lease in next_attempt_at), posts them and
 * records the outcome; failures retry with exponential backoff until DEAD.
 */
export const watchDelivery = platform.table(
  'watch_delivery',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: bigint('alert_id', { mode: 'number' })
      .notNull()
      .references(() => watchAlert.id),
    /** PENDING, DELIVERED, DEAD, or CANCELLED (webhook removed or consent ended before delivery). */
    status: text('status').notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    /** When the next attempt is due; while an attempt is in flight, when its lease runs out. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /** The receiver's HTTP status of the last attempt, null when it gave none (timeout, refused). */
    lastResponseStatus: integer('last_response_status'),
    /** A class of failure (HTTP_503, TIMEOUT, CONNECTION): never a body or a message. */
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('watch_delivery_alert').on(t.alertId),
    index('watch_delivery_due').on(t.nextAttemptAt).where(sql`status = 'PENDING'`),
  ],
);
