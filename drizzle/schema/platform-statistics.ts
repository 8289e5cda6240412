import { char, date, index, integer, jsonb, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { platform } from './platform.ts';

/**
 * Statistics (issue 7): aggregates kept current by the record events of every domain
 * (kernel/record-events.ts), so a statistic reads a few aggregate rows instead of scanning
 * records. Unknown dimension values are '' (not null) so that they take part in primary keys.
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

/**
 * Records by decision month × domain × district × industry. `records` counts every record
 * published (it never falls); `withdrawn` counts those since revoked or repaired, so in force
 * = records − withdrawn. List entries are counted when the record is published.
 */
export const recordStatistics = platform.table(
  'record_statistics',
  {
    month: char('month', { length: 7 }).notNull(),
    domain: text('domain').notNull(),
    /** Six-digit division code of the subject; '' when not known. */
    district: text('district').notNull(),
    /** GB/T 4754 section letter of a legal person; '' for persons and unknown. */
    industry: text('industry').notNull(),
    records: integer('records').notNull().default(0),
    negative: integer('negative').notNull().default(0),
    positive: integer('positive').notNull().default(0),
    penalties: integer('penalties').notNull().default(0),
    withdrawn: integer('withdrawn').notNull().default(0),
    red: integer('red').notNull().default(0),
    keyAttention: integer('key_attention').notNull().default(0),
    black: integer('black').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.domain, t.district, t.industry] })],
);

/** 月报: what each data-source department submitted per month (day of submission) and record type. */
export const departmentMonthlyStatistics = platform.table(
  'department_monthly_statistics',
  {
    month: char('month', { length: 7 }).notNull(),
    departmentUscc: char('department_uscc', { length: 18 }).notNull(),
    domain: text('domain').notNull(),
    recordType: text('record_type').notNull(),
    accepted: integer('accepted').notNull().default(0),
    /** Duplicates and rejections exist only in the events (no table keeps refused rows). */
    duplicates: integer('duplicates').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** 双公示 decisions accepted, and those of them published after the deadline. */
    publicationDecisions: integer('publication_decisions').notNull().default(0),
    late: integer('late').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.departmentUscc, t.domain, t.recordType] })],
);

/** Rejected rows per department, month and reason code. */
export const departmentMonthlyRejection = platform.table(
  'department_monthly_rejection',
  {
    month: char('month', { length: 7 }).notNull(),
    departmentUscc: char('department_uscc', { length: 18 }).notNull(),
    reason: text('reason').notNull(),
    rows: integer('rows').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.departmentUscc, t.reason] })],
);

/**
 * Sanctions check cases per checking department and day, counted in the transaction that opens
 * a case or records its first feedback. Overdue is read against today's cutoff day (every case of
 * one day has the same deadline), so SANCTION_FEEDBACK_WORKING_DAYS applies when read, as for cases.
 */
export const sanctionFeedbackDaily = platform.table(
  'sanction_feedback_daily',
  {
    departmentCode: text('department_code').notNull(),
    checkedOn: date('checked_on', { mode: 'string' }).notNull(),
    cases: integer('cases').notNull().default(0),
    withFeedback: integer('with_feedback').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.checkedOn] }), index('sanction_feedback_daily_day').on(t.checkedOn)],
);

/**
 * Each subject's recent negative records (id and decision day), within the longest look-back
 * of the early-warning rules: what the rules are evaluated on when new records arrive.
 */
export const subjectRecentNegatives = platform.table(
  'subject_recent_negatives',
  {
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** [{ id, day }] */
    records: jsonb('records').notNull(),
  },
  (t) => [primaryKey({ columns: [t.subjectType, t.subjectId] })],
);

/** 预警: the latest detection of each rule for each subject. */
export const earlyWarning = platform.table(
  'early_warning',
  {
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    rule: text('rule').notNull(),
    detectedOn: date('detected_on', { mode: 'string' }).notNull(),
    windowDays: integer('window_days').notNull(),
    currentCount: integer('current_count').notNull(),
    previousCount: integer('previous_count').notNull(),
    district: text('district').notNull(),
    industry: text('industry').notNull(),
    /** Global ids of the current window's negative records. */
    evidence: jsonb('evidence').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subjectType, t.subjectId, t.rule] }),
    index('early_warning_detected').on(t.detectedOn),
    index('early_warning_cell').on(t.district, t.industry, t.detectedOn),
  ],
);
