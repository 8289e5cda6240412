import { sql } from 'drizzle-orm';
import { date, index, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { platform } from './platform.ts';

/**
 * Objections (异议) and credit-repair applications (信用修复) as the platform receives them from
 * subjects. The record they concern lives in its domain: the domain checks it and applies the
 * outcome through the event log, so these rows never hold a copy of the record.
 */
export const objection = platform.table(
  'objection',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** LEGAL_PERSON (a USCC) or NATURAL_PERSON (a platform person id): who filed it. */
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** The record's global id, and the domain and type read from it. */
    recordId: text('record_id').notNull(),
    recordDomain: text('record_domain').notNull(),
    recordType: text('record_type').notNull(),
    /** 异议理由 */
    grounds: text('grounds').notNull(),
    /** VERIFYING (the domain checks the record), UNDER_REVIEW, UPHELD, REJECTED or INVALID */
    status: text('status').notNull().default('VERIFYING'),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull().defaultNow(),
    /** The answer is due by this day (filing day + OBJECTION_DEADLINE_DAYS calendar days). */
    deadline: date('deadline', { mode: 'string' }).notNull(),
    /** Why the domain did not register it (NOT_SELF, UNKNOWN_RECORD, …). */
    invalidReason: text('invalid_reason'),
    /** The department that decides: the record's data source (谁认定、谁负责). */
    departmentName: text('department_name'),
    departmentUscc: text('department_uscc'),
    /** CORRECTED or REVOKED when upheld; null otherwise. */
    recordOutcome: text('record_outcome'),
    decisionReason: text('decision_reason'),
    /** What an upheld objection corrects on the record. */
    correction: text('correction'),
    /** The deciding department's code. */
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('objection_subject').on(t.subjectId, t.filedAt),
    index('objection_department').on(t.departmentUscc, t.status, t.deadline),
    // One open objection per record at a time.
    uniqueIndex('objection_open_record').on(t.recordId).where(sql`status in ('VERIFYING', 'UNDER_REVIEW')`),
  ],
);

export const repairApplication = platform.table(
  'repair_application',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    recordId: text('record_id').notNull(),
    recordDomain: text('record_domain').notNull(),
    recordType: text('record_type').notNull(),
    /** The subject's declaration that the obligations of the decision are fulfilled. */
    obligationsFulfilled: text('obligations_fulfilled').notNull(),
    /** The public credit commitment (信用承诺) made with the application. */
    commitment: text('commitment').notNull(),
    /** VERIFYING, UNDER_REVIEW, APPROVED or REFUSED */
    status: text('status').notNull().default('VERIFYING'),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
    appliedOn: date('applied_on', { mode: 'string' }).notNull(),
    /** The single window feeds back by this working day (REPAIR_FEEDBACK_WORKING_DAYS). */
    feedbackDeadline: date('feedback_deadline', { mode: 'string' }).notNull(),
    /** Day the domain registered it with the deciding department. */
    acceptedOn: date('accepted_on', { mode: 'string' }),
    /** The deciding department decides by this working day (REPAIR_DECISION_WORKING_DAYS after acceptance). */
    decisionDeadline: date('decision_deadline', { mode: 'string' }),
    /** Earliest repair day of the record (minimum publication period), as its domain computed it. */
    repairableFrom: date('repairable_from', { mode: 'string' }),
    departmentName: text('department_name'),
    departmentUscc: text('department_uscc'),
    /** A refusal's machine-readable reason: TOO_EARLY, NOT_SELF, … or DEPARTMENT_REFUSED. */
    refusalReason: text('refusal_reason'),
    /** The reasons given: the domain's for an automatic refusal, the department's otherwise. */
    decisionReason: text('decision_reason'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('repair_application_subject').on(t.subjectId, t.appliedAt),
    index('repair_application_department').on(t.departmentUscc, t.status, t.decisionDeadline),
    uniqueIndex('repair_application_open_record').on(t.recordId).where(sql`status in ('VERIFYING', 'UNDER_REVIEW')`),
  ],
);
