import { sql } from 'drizzle-orm';
import { businessListingDecision, businessSectorRecord, taxCreditRating } from '../../drizzle/schema/business.ts';
import type { RecordSource } from '../kernel/record-backfill.ts';

const t = taxCreditRating;

/** Where business's records live, for the statistics' backfill (kernel/record-backfill.ts). */
export const BUSINESS_RECORD_SOURCES: readonly RecordSource[] = [
  { domain: 'business', type: 'BusinessRecord', table: businessSectorRecord },
  {
    domain: 'business',
    type: 'TaxCreditRating',
    table: t,
    // An A grade is 守信 (positive), a D grade 失信 (negative), the others neither; dated by publication.
    columns: {
      polarity: sql`case ${t.grade} when 'A' then 'POSITIVE' when 'D' then 'NEGATIVE' else 'NEUTRAL' end`,
      category: sql`'TAX_CREDIT_RATING'`,
      decisionDate: t.publishedDate,
      sourceUscc: t.authorityUscc,
    },
  },
  { domain: 'business', type: 'ListingDecision', table: businessListingDecision, listing: true },
];
