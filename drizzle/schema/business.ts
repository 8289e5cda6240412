import { bigserial, char, date, index, pgSchema, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { recordStatusHistoryTable } from './record-history.ts';
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
  },
  (t) => [
    uniqueIndex('tax_credit_rating_subject_year').on(t.subjectUscc, t.year),
    index('tax_credit_rating_grade').on(t.year, t.grade),
  ],
);

/** Sector records: the thirteen business sectors of tasks 23–35. */
export const businessSectorRecord = sectorRecordTable(business, 'business');

/** Status history of the business records that have a status (sector records). */
export const businessStatusHistory = recordStatusHistoryTable(business, 'business');
