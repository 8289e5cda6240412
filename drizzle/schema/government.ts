import { sql } from 'drizzle-orm';
import { bigserial, char, date, index, numeric, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { listingDecisionTable } from './listing-decision.ts';
import { recordStatusHistoryTable } from './record-history.ts';
import { sectorRecordTable } from './sector-record.ts';

/** Government integrity (政务诚信): 双公示 decisions under the national data standard (DOMAIN.md). */
export const government = pgSchema('government');

/** Columns every 双公示 decision has: its subject (相对人), deciding authority and data source. */
const decisionColumns = {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** 统一社会信用代码 of a legal-person subject; null when the subject is a natural person. */
  subjectUscc: char('subject_uscc', { length: 18 }),
  /** Platform id of a natural-person subject. */
  subjectPersonId: text('subject_person_id'),
  /** The old organisation code or registration number the decision named its subject by, if not the USCC. */
  subjectLegacyCode: text('subject_legacy_code'),
  /** 行政相对人名称 */
  subjectName: text('subject_name').notNull(),
  /** 相对人类别: LEGAL_PERSON, NATURAL_PERSON, INDIVIDUAL_BUSINESS */
  subjectCategory: text('subject_category').notNull(),
  /** 法定代表人 */
  legalRepresentative: text('legal_representative'),
  /** 文书号 / 行政处罚决定书文号 */
  documentNumber: text('document_number').notNull(),
  decisionDate: date('decision_date', { mode: 'string' }).notNull(),
  /** 处罚机关 / 许可机关 and its USCC */
  authorityName: text('authority_name').notNull(),
  authorityUscc: char('authority_uscc', { length: 18 }).notNull(),
  /** 数据来源单位 and its USCC */
  sourceName: text('source_name').notNull(),
  sourceUscc: char('source_uscc', { length: 18 }).notNull(),
  /** 备注 */
  remarks: text('remarks'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  /** Day the platform published the decision (Asia/Shanghai); the start of its public window. */
  publishedDate: date('published_date', { mode: 'string' }),
  /** 双公示 deadline: 7 working days after the decision (国办发〔2015〕51号). */
  publicationDeadline: date('publication_deadline', { mode: 'string' }),
  /** PUBLISHED, CORRECTED, REVOKED or REPAIRED; corrections and repairs are new facts, never deletions. */
  status: text('status').notNull().default('PUBLISHED'),
  /** The platform id of the objection (异议) open against the decision; null when none is. */
  objectionId: text('objection_id'),
};

export const administrativePenalty = government.table(
  'administrative_penalty',
  {
    ...decisionColumns,
    /** 违法行为类型 */
    violationType: text('violation_type').notNull(),
    /** 违法事实 */
    violationFacts: text('violation_facts').notNull(),
    /** 处罚依据 */
    legalBasis: text('legal_basis').notNull(),
    /** 处罚类别 (one or more of WARNING, FINE, CONFISCATION, SUSPENSION, LICENCE_REVOCATION, DETENTION, OTHER) */
    penaltyCategories: text('penalty_categories').array().notNull(),
    /** 处罚内容 */
    penaltyContent: text('penalty_content').notNull(),
    /** 罚款金额, in yuan (the standard's 万元 converted on ingestion) */
    fineAmount: numeric('fine_amount', { precision: 18, scale: 2 }),
    /** 没收违法所得、没收非法财物的金额, in yuan */
    confiscatedAmount: numeric('confiscated_amount', { precision: 18, scale: 2 }),
    /** 暂扣或吊销证照名称及编号 */
    revokedLicence: text('revoked_licence'),
    /** 处罚有效期 */
    validUntil: date('valid_until', { mode: 'string' }),
    /** 公示截止期: the last day of the public window, from the severity (Order No. 36). */
    publicationEndDate: date('publication_end_date', { mode: 'string' }),
    /** MINOR, GENERAL or SEVERE (失信程度): sets the publication period. */
    severity: text('severity').notNull().default('GENERAL'),
  },
  (t) => [
    // Subject and person indexes are partial: a row names a legal person or a natural person, never
    // both, and a null entry in the other index is never looked up but costs every insert of a bulk
    // load a random index page (lookups say `= value`, which implies not null, so they use these).
    uniqueIndex('administrative_penalty_natural_key').on(t.authorityUscc, t.documentNumber),
    index('administrative_penalty_subject').on(t.subjectUscc, t.decisionDate, t.id).where(sql`${t.subjectUscc} is not null`),
    index('administrative_penalty_person').on(t.subjectPersonId, t.decisionDate, t.id).where(sql`${t.subjectPersonId} is not null`),
    index('administrative_penalty_timeliness').on(t.sourceUscc, t.decisionDate),
    // The severe-penalty listing rule probes a subject's severe penalties only (under a tenth of
    // them): without these a sanctions check of 1,000 subjects read every penalty row of each.
    index('administrative_penalty_severe_subject').on(t.subjectUscc).where(sql`${t.severity} = 'SEVERE'`),
    index('administrative_penalty_severe_person').on(t.subjectPersonId).where(sql`${t.severity} = 'SEVERE'`),
  ],
);

export const administrativeLicence = government.table(
  'administrative_licence',
  {
    ...decisionColumns,
    /** 行政许可决定文书名称 */
    documentName: text('document_name').notNull(),
    /** 许可类别: GENERAL, SPECIAL, APPROVAL, VERIFICATION, REGISTRATION, OTHER */
    licenceCategory: text('licence_category').notNull(),
    /** 许可证书名称 */
    certificateName: text('certificate_name'),
    /** 许可编号 */
    licenceNumber: text('licence_number'),
    /** 许可内容 */
    content: text('content').notNull(),
    /** 有效期自 / 有效期至 */
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [
    // Subject and person indexes are partial: a row names a legal person or a natural person, never
    // both, and a null entry in the other index is never looked up but costs every insert of a bulk
    // load a random index page (lookups say `= value`, which implies not null, so they use these).
    uniqueIndex('administrative_licence_natural_key').on(t.authorityUscc, t.documentNumber),
    index('administrative_licence_subject').on(t.subjectUscc, t.decisionDate, t.id).where(sql`${t.subjectUscc} is not null`),
    index('administrative_licence_person').on(t.subjectPersonId, t.decisionDate, t.id).where(sql`${t.subjectPersonId} is not null`),
    index('administrative_licence_timeliness').on(t.sourceUscc, t.decisionDate),
  ],
);

/** Sector records: 政务失信 (task 21) and civil servants' integrity files (task 22, internal only). */
export const governmentSectorRecord = sectorRecordTable(government, 'government');

/** Listing decisions (列入名单决定) of government departments. */
export const governmentListingDecision = listingDecisionTable(government, 'government');
/** Status history of every government record type (penalties, licences, sector records). */
export const governmentStatusHistory = recordStatusHistoryTable(government, 'government');
