import type { InferSelectModel } from 'drizzle-orm';
import { wageArrearsRecord, socialSectorRecord } from '../../drizzle/schema/social.ts';
import type { RecordListSpec } from '../kernel/record-pager.ts';
import { sectorRecordLists } from '../kernel/sector-records.ts';

/** Social's SQL: natural-person archives and social-sector records. No other subgraph reads these tables. */

export type WageArrearsRow = InferSelectModel<typeof wageArrearsRecord>;

export const wageArrearsOfLegalPerson: RecordListSpec<typeof wageArrearsRecord> = {
  table: wageArrearsRecord,
  subject: wageArrearsRecord.subjectUscc,
  sort: wageArrearsRecord.decisionDate,
  id: wageArrearsRecord.id,
};

/** SocialRecords: public window and on-file lists by legal or natural person. */
export const sectorRecords = sectorRecordLists(socialSectorRecord);
