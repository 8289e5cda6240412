import { sql } from 'drizzle-orm';
import { socialListingDecision, socialSectorRecord, wageArrearsRecord } from '../../drizzle/schema/social.ts';
import type { RecordSource } from '../kernel/record-backfill.ts';

/** Where social's records live, for the statistics' backfill (kernel/record-backfill.ts). */
export const SOCIAL_RECORD_SOURCES: readonly RecordSource[] = [
  { domain: 'social', type: 'SocialRecord', table: socialSectorRecord },
  {
    domain: 'social',
    type: 'WageArrearsRecord',
    table: wageArrearsRecord,
    columns: { polarity: sql`'NEGATIVE'`, category: sql`'WAGE_ARREARS'`, sourceUscc: wageArrearsRecord.authorityUscc },
  },
  { domain: 'social', type: 'ListingDecision', table: socialListingDecision, listing: true },
];
