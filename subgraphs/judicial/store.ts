import type { InferSelectModel } from 'drizzle-orm';
import { dishonestJudgmentDebtor, judicialSectorRecord, judicialStatusHistory } from '../../drizzle/schema/judicial.ts';
import type { RecordListSpec } from '../kernel/record-pager.ts';
import type { DomainLifecycle } from '../kernel/lifecycle/records.ts';
import { sectorLifecycleType, sectorRecordLists } from '../kernel/sector-records.ts';

/** Judicial's SQL: court, procuratorate and public-security records. No other subgraph reads these tables. */

export type DishonestDebtorRow = InferSelectModel<typeof dishonestJudgmentDebtor>;

export const dishonestDebtorsOfLegalPerson: RecordListSpec<typeof dishonestJudgmentDebtor> = {
  table: dishonestJudgmentDebtor,
  subject: dishonestJudgmentDebtor.subjectUscc,
  sort: dishonestJudgmentDebtor.publishedDate,
  id: dishonestJudgmentDebtor.id,
};

export const dishonestDebtorsOfNaturalPerson: RecordListSpec<typeof dishonestJudgmentDebtor> = {
  ...dishonestDebtorsOfLegalPerson,
  subject: dishonestJudgmentDebtor.subjectPersonId,
};

/** JudicialRecords: public window and on-file lists by legal or natural person. */
export const sectorRecords = sectorRecordLists(judicialSectorRecord);

/** The record types objections and repair reach (kernel/lifecycle), with their status history. */
export const lifecycle: DomainLifecycle = { domain: 'judicial', history: judicialStatusHistory, types: { JudicialRecord: sectorLifecycleType(judicialSectorRecord) } };
