import { sql } from 'drizzle-orm';
import { dishonestJudgmentDebtor, judicialListingDecision, judicialSectorRecord } from '../../drizzle/schema/judicial.ts';
import type { RecordSource } from '../kernel/record-backfill.ts';

/** Where judicial's records live, for the statistics' backfill (kernel/record-backfill.ts). */
export const JUDICIAL_RECORD_SOURCES: readonly RecordSource[] = [
  { domain: 'judicial', type: 'JudicialRecord', table: judicialSectorRecord },
  {
    domain: 'judicial',
    type: 'DishonestJudgmentDebtor',
    table: dishonestJudgmentDebtor,
    // Dated by its publication (发布时间); courts carry no USCC, so no 月报 department.
    columns: { polarity: sql`'NEGATIVE'`, severity: sql`'SEVERE'`, category: sql`'DISHONEST_JUDGMENT_DEBTOR'`, decisionDate: dishonestJudgmentDebtor.publishedDate },
  },
  { domain: 'judicial', type: 'ListingDecision', table: judicialListingDecision, listing: true },
];
