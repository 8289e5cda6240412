import { bigserial, char, date, index, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { listingDecisionTable } from './listing-decision.ts';
import { lifecycleColumns, recordStatusHistoryTable } from './record-history.ts';
import { sectorRecordTable } from './sector-record.ts';

/** Judicial credibility (司法公信). */
export const judicial = pgSchema('judicial');

/**
 * 失信被执行人: a judgment debtor the court found dishonest, in the shape the Supreme People's
 * Court publishes. The subject is a legal person (USCC) or a natural person (platform id).
 */
export const dishonestJudgmentDebtor = judicial.table(
  'dishonest_judgment_debtor',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subjectUscc: char('subject_uscc', { length: 18 }),
    subjectPersonId: text('subject_person_id'),
    /** 被执行人姓名/名称 */
    subjectName: text('subject_name').notNull(),
    /** 法定代表人或者负责人姓名 */
    legalRepresentative: text('legal_representative'),
    /** 执行法院 */
    courtName: text('court_name').notNull(),
    /**
     * The court's USCC: the court decides objections to its listings (谁认定、谁负责). Null on rows
     * received before it was recorded whose court is not a registered department.
     */
    courtUscc: char('court_uscc', { length: 18 }),
    /** 案号 */
    caseNumber: text('case_number').notNull(),
    /** 立案时间 */
    filingDate: date('filing_date', { mode: 'string' }).notNull(),
    /** 执行依据文号 */
    basisDocumentNumber: text('basis_document_number').notNull(),
    /** 做出执行依据单位 */
    basisIssuer: text('basis_issuer').notNull(),
    /** 生效法律文书确定的义务 */
    obligation: text('obligation').notNull(),
    /** 被执行人的履行情况: NOT_PERFORMED, PARTIALLY_PERFORMED */
    performance: text('performance').notNull(),
    /** 失信被执行人行为具体情形 */
    dishonestConduct: text('dishonest_conduct').notNull(),
    /** 发布时间 */
    publishedDate: date('published_date', { mode: 'string' }).notNull(),
    /** 屏蔽/撤销 date when the debtor performed or the listing ended; null while listed. */
    removedDate: date('removed_date', { mode: 'string' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    ...lifecycleColumns(),
  },
  (t) => [
    uniqueIndex('dishonest_debtor_natural_key').on(t.courtName, t.caseNumber),
    index('dishonest_debtor_subject').on(t.subjectUscc, t.publishedDate, t.id),
    index('dishonest_debtor_person').on(t.subjectPersonId, t.publishedDate, t.id),
  ],
);

/** Sector records: consumption restrictions, procuratorate disclosures, legal practitioners, traffic and fire safety (tasks 48–51). */
export const judicialSectorRecord = sectorRecordTable(judicial, 'judicial');

/** Listing decisions (列入名单决定) of judicial departments. */
export const judicialListingDecision = listingDecisionTable(judicial, 'judicial');
/** Status history of every judicial record type (sector records, dishonest debtors). */
export const judicialStatusHistory = recordStatusHistoryTable(judicial, 'judicial');
