import { and, eq, type InferSelectModel, sql } from 'drizzle-orm';
import { taxCreditRating, businessSectorRecord, businessStatusHistory, creditCommitment } from '../../drizzle/schema/business.ts';
import type { Drizzle } from '../kernel/db.ts';
import type { RecordListSpec } from '../kernel/record-pager.ts';
import type { DomainLifecycle } from '../kernel/lifecycle/records.ts';
import { type SectorRecordRow, sectorLifecycleType, sectorRecordLists } from '../kernel/sector-records.ts';

/** Business's SQL: sector records of market entities. No other subgraph reads these tables. */

export type TaxCreditRatingRow = InferSelectModel<typeof taxCreditRating>;

export const taxRatingsOfLegalPerson: RecordListSpec<typeof taxCreditRating> = {
  table: taxCreditRating,
  subject: taxCreditRating.subjectUscc,
  sort: taxCreditRating.year,
  id: taxCreditRating.id,
};

/**
 * Only A grades are published (A级纳税人名单); the other grades are for authorized callers. A grade
 * revoked on an upheld objection is never public again (it stays on file).
 */
export const publishedTaxRatingsOfLegalPerson: RecordListSpec<typeof taxCreditRating> = {
  ...taxRatingsOfLegalPerson,
  filter: and(eq(taxCreditRating.grade, 'A'), sql`${taxCreditRating.status} not in ('REVOKED', 'REPAIRED')`)!,
};

/** BusinessRecords: public window and on-file lists by legal or natural person. */
export const sectorRecords = sectorRecordLists(businessSectorRecord);

/** The record types objections and repair reach (kernel/lifecycle), with their status history. */
export const lifecycle: DomainLifecycle = {
  domain: 'business',
  history: businessStatusHistory,
  types: {
    BusinessRecord: sectorLifecycleType(businessSectorRecord),
    // The tax authority that assessed the grade decides objections to it; an A grade is 守信, a D grade 失信.
    TaxCreditRating: {
      table: taxCreditRating,
      id: taxCreditRating.id,
      subjectUscc: taxCreditRating.subjectUscc,
      subjectPersonId: null,
      status: taxCreditRating.status,
      objectionId: taxCreditRating.objectionId,
      publishedDate: taxCreditRating.publishedDate,
      decisionDate: taxCreditRating.publishedDate,
      sourceName: taxCreditRating.authorityName,
      sourceUscc: taxCreditRating.authorityUscc,
      polarity: sql`case ${taxCreditRating.grade} when 'A' then 'POSITIVE' when 'D' then 'NEGATIVE' else 'NEUTRAL' end`,
      severity: null,
      publicationEndDate: null,
    },
  },
};

export type CreditCommitmentRow = InferSelectModel<typeof creditCommitment>;

/** A subject's commitments, newest first: all are public (信用承诺公示). */
export const commitmentsOfLegalPerson: RecordListSpec<typeof creditCommitment> = {
  table: creditCommitment,
  subject: creditCommitment.subjectUscc,
  sort: creditCommitment.madeOn,
  id: creditCommitment.id,
};

export async function insertCommitment(db: Drizzle, values: typeof creditCommitment.$inferInsert): Promise<CreditCommitmentRow | null> {
  const [row] = await db.insert(creditCommitment).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function commitmentById(db: Drizzle, id: number): Promise<CreditCommitmentRow | null> {
  const [row] = await db.select().from(creditCommitment).where(eq(creditCommitment.id, id));
  return row ?? null;
}

/**
 * Marks a commitment breached and makes the negative record of the breach, in one transaction:
 * both are written or neither. The commitment is locked first, so two breaches cannot both land.
 */
export async function recordBreach(
  db: Drizzle,
  commitmentId: number,
  record: typeof businessSectorRecord.$inferInsert,
): Promise<{ commitment: CreditCommitmentRow; record: SectorRecordRow } | 'NOT_FOUND' | 'ALREADY_BREACHED' | 'DUPLICATE_DOCUMENT'> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Drizzle;
    const [current] = await tx.select().from(creditCommitment).where(eq(creditCommitment.id, commitmentId)).for('update');
    if (!current) return 'NOT_FOUND';
    if (current.breachRecordId !== null) return 'ALREADY_BREACHED';
    const [inserted] = await tx.insert(businessSectorRecord).values(record).onConflictDoNothing().returning();
    if (!inserted) return 'DUPLICATE_DOCUMENT';
    const [commitment] = await tx
      .update(creditCommitment)
      .set({ breachRecordId: inserted.id, breachedOn: record.decisionDate })
      .where(eq(creditCommitment.id, commitmentId))
      .returning();
    return { commitment: commitment!, record: inserted };
  });
}
