import { sql } from 'drizzle-orm';
import { bigserial, char, date, index, numeric, type PgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Sector records (行业信用记录): the records of the plan's sector tasks (23–51) share one shape,
 * so each domain keeps them in one table of its own schema with the sector as a column. The
 * columns every credit record carries (subject, polarity, severity, source, document, dates,
 * publication window, status) are here once.
 */
export function sectorRecordTable(schema: PgSchema, name: string) {
  return schema.table(
    'sector_record',
    {
      id: bigserial('id', { mode: 'number' }).primaryKey(),
      /** The domain's sector enum, e.g. SAFETY_PRODUCTION or TRAFFIC_SAFETY. */
      sector: text('sector').notNull(),
      /** 信用信息类别 within the sector, e.g. 安全生产不良记录, 守信激励. */
      category: text('category').notNull(),
      /** LEGAL_PERSON, INDIVIDUAL_BUSINESS or NATURAL_PERSON */
      subjectCategory: text('subject_category').notNull(),
      subjectUscc: char('subject_uscc', { length: 18 }),
      subjectPersonId: text('subject_person_id'),
      /** The old organisation code or registration number the row named its subject by, if not the USCC. */
      subjectLegacyCode: text('subject_legacy_code'),
      subjectName: text('subject_name').notNull(),
      /** POSITIVE, NEGATIVE or NEUTRAL */
      polarity: text('polarity').notNull(),
      /** MINOR, GENERAL or SEVERE for negative records; null otherwise. */
      severity: text('severity'),
      /** 事项名称 */
      title: text('title').notNull(),
      /** 事实 / 内容 */
      facts: text('facts').notNull(),
      /** 依据 */
      legalBasis: text('legal_basis'),
      /** 处理结果 / 奖惩措施 */
      outcome: text('outcome'),
      /** An amount in yuan where the record has one (fine, arrears, fraud sum). */
      amount: numeric('amount', { precision: 18, scale: 2 }),
      documentNumber: text('document_number').notNull(),
      decisionDate: date('decision_date', { mode: 'string' }).notNull(),
      authorityName: text('authority_name').notNull(),
      authorityUscc: char('authority_uscc', { length: 18 }).notNull(),
      sourceName: text('source_name').notNull(),
      sourceUscc: char('source_uscc', { length: 18 }).notNull(),
      publishedDate: date('published_date', { mode: 'string' }),
      /** Last day of public display; null keeps a positive or neutral record public while valid. */
      publicationEndDate: date('publication_end_date', { mode: 'string' }),
      /** PUBLISHED, CORRECTED, REVOKED or REPAIRED */
      status: text('status').notNull().default('PUBLISHED'),
      /** The platform id of the objection (异议) open against the record; null when none is. */
      objectionId: text('objection_id'),
      receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [
      // Subject and person indexes are partial: a row names a legal person or a natural person, never
      // both, and a null entry in the other index is never looked up but costs every insert of a bulk
      // load a random index page (lookups say `= value`, which implies not null, so they use these).
      uniqueIndex(`${name}_sector_record_natural_key`).on(t.authorityUscc, t.documentNumber),
      index(`${name}_sector_record_subject`).on(t.subjectUscc, t.decisionDate, t.id).where(sql`${t.subjectUscc} is not null`),
      index(`${name}_sector_record_person`).on(t.subjectPersonId, t.decisionDate, t.id).where(sql`${t.subjectPersonId} is not null`),
      index(`${name}_sector_record_sector`).on(t.sector, t.decisionDate),
    ],
  );
}
