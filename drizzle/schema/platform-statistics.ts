import { primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { platform } from './platform.ts';

/**
 * Statistics (issue 7): aggregates kept current by the record events of every domain
 * (kernel/record-events.ts), so a statistic reads a few aggregate rows instead of scanning records.
 */

/**
 * Each record event applied to the aggregates, by its topic and key: the event log delivers at
 * least once, and an event seen here is skipped, so a redelivery never counts twice.
 */
export const statisticsAppliedEvent = platform.table(
  'statistics_applied_event',
  {
    topic: text('topic').notNull(),
    key: text('key').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.topic, t.key] })],
);
