import { bigserial, char, date, index, integer, numeric, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { listingDecisionTable } from './listing-decision.ts';
import { lifecycleColumns, recordStatusHistoryTable } from './record-history.ts';
import { sectorRecordTable } from './sector-record.ts';

/** Social integrity (社会诚信). */
export const social = pgSchema('social');

/** 拖欠农民工工资 (wage arrears) found by human-resources and social-security inspection. */
export const wageArrearsRecord = social.table(
  'wage_arrears_record',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The employer in arrears. */
    subjectUscc: char('subject_uscc', { length: 18 }).notNull(),
    subjectName: text('subject_name').notNull(),
    legalRepresentative: text('legal_representative'),
    /** 处理决定书文号 */
    documentNumber: text('document_number').notNull(),
    decisionDate: date('decision_date', { mode: 'string' }).notNull(),
    /** 拖欠金额, in yuan */
    amountOwed: numeric('amount_owed', { precision: 18, scale: 2 }).notNull(),
    /** 涉及人数 */
    workersAffected: integer('workers_affected').notNull(),
    arrearsFrom: date('arrears_from', { mode: 'string' }),
    arrearsTo: date('arrears_to', { mode: 'string' }),
    /** 违法事实 */
    facts: text('facts').notNull(),
    /** OUTSTANDING or SETTLED */
    settlementStatus: text('settlement_status').notNull(),
    settledDate: date('settled_date', { mode: 'string' }),
    authorityName: text('authority_name').notNull(),
    authorityUscc: char('authority_uscc', { length: 18 }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    ...lifecycleColumns(),
  },
  (t) => [
    uniqueIndex('wage_arrears_natural_key').on(t.authorityUscc, t.documentNumber),
    index('wage_arrears_subject').on(t.subjectUscc, t.decisionDate, t.id),
  ],
);

/** Sector records: the social sectors of tasks 36–47. */
export const socialSectorRecord = sectorRecordTable(social, 'social');

/** Listing decisions (列入名单决定) of social departments. */
export const socialListingDecision = listingDecisionTable(social, 'social');
/** Status history of every social record type (sector records, wage arrears). */
export const socialStatusHistory = recordStatusHistoryTable(social, 'social');
