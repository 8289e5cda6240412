import { sql } from 'drizzle-orm';
import { listingDecisionTable } from './listing-decision.ts';
import { bigint, bigserial, char, date, index, pgSchema, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { lifecycleColumns, recordStatusHistoryTable } from './record-history.ts';
import { sectorRecordTable } from './sector-record.ts';

/** Business integrity (商务诚信). */
export const business = pgSchema('business');

/** 纳税信用等级: one grade per taxpayer and tax year, assessed by the tax authority. */
export const taxCreditRating = business.table(
  'tax_credit_rating',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subjectUscc: char('subject_uscc', { length: 18 }).notNull(),
    /** The tax year assessed (评价年度). */
    year: smallint('year').notNull(),
    /** A, B, M, C or D */
    grade: char('grade', { length: 1 }).notNull(),
    /** 评价机关 */
    authorityName: text('authority_name').notNull(),
    authorityUscc: char('authority_uscc', { length: 18 }).notNull(),
    /** Date the grade was published (发布日期). */
    publishedDate: date('published_date', { mode: 'string' }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    ...lifecycleColumns(),
  },
  (t) => [
    uniqueIndex('tax_credit_rating_subject_year').on(t.subjectUscc, t.year),
    index('tax_credit_rating_grade').on(t.year, t.grade),
    // The A-grade taxpayer listing rule starts from a subject's A grades only (about a quarter).
    index('tax_credit_rating_a_grade_subject').on(t.subjectUscc).where(sql`${t.grade} = 'A'`),
  ],
);

/** Sector records: the thirteen business sectors of tasks 23–35. */
export const businessSectorRecord = sectorRecordTable(business, 'business');

/** Listing decisions (列入名单决定) of business departments. */
export const businessListingDecision = listingDecisionTable(business, 'business');
/** Status history of every business record type (sector records, tax credit ratings). */
export const businessStatusHistory = recordStatusHistoryTable(business, 'business');

/**
 * 信用承诺 (task 15) in the standard format: type, content, the day it was made and its period.
 * Public on the subject. A breach a department records becomes a negative sector record
 * (违背信用承诺), written in the same transaction as the commitment's breach mark.
 */
export const creditCommitment = business.table(
  'credit_commitment',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subjectUscc: char('subject_uscc', { length: 18 }).notNull(),
    /** APPROVAL_SUBSTITUTE 审批替代型, CERTIFICATION_NOTIFICATION 证明事项告知承诺, CREDIT_REPAIR 信用修复型, INDUSTRY_SELF_DISCIPLINE 行业自律型 */
    commitmentType: text('commitment_type').notNull(),
    content: text('content').notNull(),
    madeOn: date('made_on', { mode: 'string' }).notNull(),
    /** Last day the commitment binds; null when it states no end. */
    validUntil: date('valid_until', { mode: 'string' }),
    /** SUBJECT (made by the subject itself), DEPARTMENT (submitted by the receiving department) or REPAIR_APPLICATION */
    madeThrough: text('made_through').notNull(),
    /** The department it was made to (受理部门), when there is one. */
    recipientName: text('recipient_name'),
    recipientUscc: char('recipient_uscc', { length: 18 }),
    /** The cause's key when another domain's event made it (e.g. `repair:<application id>`): made once. */
    sourceKey: text('source_key'),
    /** The negative sector record of its breach, and the breach's day. */
    breachRecordId: bigint('breach_record_id', { mode: 'number' }),
    breachedOn: date('breached_on', { mode: 'string' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('credit_commitment_subject').on(t.subjectUscc, t.madeOn, t.id), uniqueIndex('credit_commitment_source').on(t.sourceKey)],
);
