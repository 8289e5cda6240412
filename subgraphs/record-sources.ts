import { BUSINESS_RECORD_SOURCES } from './business/record-sources.ts';
import { GOVERNMENT_RECORD_SOURCES } from './government/record-sources.ts';
import { JUDICIAL_RECORD_SOURCES } from './judicial/record-sources.ts';
import type { RecordSource } from './kernel/record-backfill.ts';
import { SOCIAL_RECORD_SOURCES } from './social/record-sources.ts';
import { SUBGRAPHS } from './index.ts';

/** Every domain's record tables, for the statistics' rebuild (src/stats-rebuild.ts). */
export const RECORD_SOURCES: readonly RecordSource[] = [...GOVERNMENT_RECORD_SOURCES, ...BUSINESS_RECORD_SOURCES, ...SOCIAL_RECORD_SOURCES, ...JUDICIAL_RECORD_SOURCES];

// Loading the subgraphs registers their listing rules, by which the backfill names each record's lists.
void SUBGRAPHS;
