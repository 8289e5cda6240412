import { bigserial, char, date, index, type PgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Listing decisions (列入名单决定): a department names a subject on a joint rewards and sanctions
 * list by a decision of its own, beside the lists the domain's records imply. Each domain keeps
 * them in its own schema; like every record they are never deleted, and a revoked or repaired
 * decision (status) or one past its end date lists nobody.
 */
export function listingDecisionTable(schema: PgSchema, name: string) {
  return schema.table(
    'listing_decision',
    {
      id: bigserial('id', { mode: 'number' }).primaryKey(),
      /** RED, KEY_ATTENTION or BLACK */
      listType: text('list_type').notNull(),
      /** 名单名称 */
      listName: text('list_name').notNull(),
      /** LEGAL_PERSON or INDIVIDUAL_BUSINESS */
      subjectCategory: text('subject_category').notNull(),
      subjectUscc: char('subject_uscc', { length: 18 }),
      subjectPersonId: text('subject_person_id'),
      subjectName: text('subject_name').notNull(),
      /** 认定事实 */
      facts: text('facts').notNull(),
      /** 认定依据 */
      legalBasis: text('legal_basis').notNull(),
      documentNumber: text('document_number').notNull(),
      decisionDate: date('decision_date', { mode: 'string' }).notNull(),
      /** 列入日期 */
      startDate: date('start_date', { mode: 'string' }).notNull(),
      /** 移出日期 (last day on the list); null: open-ended (red lists). */
      endDate: date('end_date', { mode: 'string' }),
      authorityName: text('authority_name').notNull(),
      authorityUscc: char('authority_uscc', { length: 18 }).notNull(),
      sourceName: text('source_name').notNull(),
      sourceUscc: char('source_uscc', { length: 18 }).notNull(),
      /** PUBLISHED, CORRECTED, REVOKED or REPAIRED */
      status: text('status').notNull().default('PUBLISHED'),
      receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [
      uniqueIndex(`${name}_listing_decision_natural_key`).on(t.authorityUscc, t.documentNumber),
      index(`${name}_listing_decision_subject`).on(t.subjectUscc),
      index(`${name}_listing_decision_person`).on(t.subjectPersonId),
    ],
  );
}
