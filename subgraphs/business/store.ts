import { eq, type InferSelectModel } from 'drizzle-orm';
import { taxCreditRating, businessSectorRecord, businessStatusHistory } from '../../drizzle/schema/business.ts';
import type { RecordListSpec } from '../kernel/record-pager.ts';
import type { DomainLifecycle } from '../kernel/lifecycle/records.ts';
import { sectorLifecycleType, sectorRecordLists } from '../kernel/sector-records.ts';

/** Business's SQL: sector records of market entities. No other subgraph reads these tables. */

export type TaxCreditRatingRow = InferSelectModel<typeof taxCreditRating>;

export const taxRatingsOfLegalPerson: RecordListSpec<typeof taxCreditRating> = {
  table: taxCreditRating,
  subject: taxCreditRating.subjectUscc,
  sort: taxCreditRating.year,
  id: taxCreditRating.id,
};

/** Only A grades are published (A级纳税人名单); the other grades are for authorized callers. */
export const publishedTaxRatingsOfLegalPerson: RecordListSpec<typeof taxCreditRating> = {
  ...taxRatingsOfLegalPerson,
  filter: eq(taxCreditRating.grade, 'A'),
};

/** BusinessRecords: public window and on-file lists by legal or natural person. */
export const sectorRecords = sectorRecordLists(businessSectorRecord);

/** The record types objections and repair reach (kernel/lifecycle), with their status history. */
export const lifecycle: DomainLifecycle = { domain: 'business', history: businessStatusHistory, types: { BusinessRecord: sectorLifecycleType(businessSectorRecord) } };
