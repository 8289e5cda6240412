import { type InferSelectModel, sql } from 'drizzle-orm';
import { wageArrearsRecord, socialSectorRecord, socialStatusHistory } from '../../drizzle/schema/social.ts';
import type { RecordListSpec } from '../kernel/record-pager.ts';
import type { DomainLifecycle } from '../kernel/lifecycle/records.ts';
import { sectorLifecycleType, sectorRecordLists } from '../kernel/sector-records.ts';

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

/** The record types objections and repair reach (kernel/lifecycle), with their status history. */
export const lifecycle: DomainLifecycle = {
  domain: 'social',
  history: socialStatusHistory,
  types: {
    SocialRecord: sectorLifecycleType(socialSectorRecord),
    // Published with its decision; the inspecting authority decides objections to it.
    WageArrearsRecord: {
      table: wageArrearsRecord,
      id: wageArrearsRecord.id,
      subjectUscc: wageArrearsRecord.subjectUscc,
      subjectPersonId: null,
      status: wageArrearsRecord.status,
      objectionId: wageArrearsRecord.objectionId,
      publishedDate: wageArrearsRecord.decisionDate,
      decisionDate: wageArrearsRecord.decisionDate,
      sourceName: wageArrearsRecord.authorityName,
      sourceUscc: wageArrearsRecord.authorityUscc,
      polarity: 'NEGATIVE',
      severity: sql`case when ${wageArrearsRecord.workersAffected} >= 10 or ${wageArrearsRecord.amountOwed} >= 100000 then 'SEVERE' else 'GENERAL' end`,
      publicationEndDate: null,
    },
  },
};

/** Wage arrears shown publicly: revoked or repaired ones are never public again (they stay on file). */
export const publicWageArrearsOfLegalPerson: RecordListSpec<typeof wageArrearsRecord> = {
  ...wageArrearsOfLegalPerson,
  filter: sql`${wageArrearsRecord.status} not in ('REVOKED', 'REPAIRED')`,
};
