import { administrativeLicence, administrativePenalty, governmentListingDecision, governmentSectorRecord } from '../../drizzle/schema/government.ts';
import type { RecordSource } from '../kernel/record-backfill.ts';

/** Where government's records live, for the statistics' backfill (kernel/record-backfill.ts). */
export const GOVERNMENT_RECORD_SOURCES: readonly RecordSource[] = [
  { domain: 'government', type: 'AdministrativePenalty', table: administrativePenalty },
  { domain: 'government', type: 'AdministrativeLicence', table: administrativeLicence },
  { domain: 'government', type: 'GovernmentRecord', table: governmentSectorRecord },
  { domain: 'government', type: 'ListingDecision', table: governmentListingDecision, listing: true },
];
