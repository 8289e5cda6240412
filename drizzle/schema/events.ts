import { bigint, bigserial, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The kernel's event log (outbox, DESIGN.md "How data flows"): a subgraph appends events in the
 * same transaction as the change that causes them, and every consuming subgraph applies them
 * later, at least once and idempotently. No subgraph reads another's tables; events are how one
 * domain's change reaches another.
 */
export const events = pgSchema('events');

export const event = events.table(
  'event',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    /** What happened, e.g. `objection.upheld`; its consumers are fixed by the topic registry. */
    topic: text('topic').notNull(),
    /** The producer's idempotency key: appending the same (topic, key) twice is one event. */
    key: text('key').notNull(),
    /** The subgraph that appended it. */
    producer: text('producer').notNull(),
    /** LEGAL_PERSON or NATURAL_PERSON, when the event concerns one subject. */
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('event_topic_key').on(t.topic, t.key), index('event_subject').on(t.subjectId, t.seq)],
);

/**
 * One row per (consumer, event), written with the event: each consumer's own queue, so consumers
 * progress independently and a commit that lands out of sequence order is never skipped.
 */
export const delivery = events.table(
  'delivery',
  {
    consumer: text('consumer').notNull(),
    seq: bigint('seq', { mode: 'number' })
      .notNull()
      .references(() => event.seq),
    /** PENDING, DONE, or DEAD (gave up after the maximum attempts; kept for an operator). */
    status: text('status').notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** Class and SQLSTATE of the last failure; never a message, which may quote personal data. */
    lastError: text('last_error'),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.seq] }), index('delivery_status').on(t.consumer, t.status, t.seq)],
);
