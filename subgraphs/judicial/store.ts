import { type InferSelectModel, sql } from 'drizzle-orm';
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
const d = dishonestJudgmentDebtor;

export const lifecycle: DomainLifecycle = {
  domain: 'judicial',
  history: judicialStatusHistory,
  types: {
    JudicialRecord: sectorLifecycleType(judicialSectorRecord),
    // The enforcing court decides objections to its listing; a listing is severe dishonesty, and
    // the day it is removed is its end of public display (a repair sets it).
    DishonestJudgmentDebtor: {
      table: d,
      id: d.id,
      subjectUscc: d.subjectUscc,
      subjectPersonId: d.subjectPersonId,
      status: d.status,
      objectionId: d.objectionId,
      publishedDate: d.publishedDate,
      decisionDate: d.publishedDate,
      sourceName: d.courtName,
      sourceUscc: d.courtUscc,
      polarity: 'NEGATIVE',
      severity: 'SEVERE',
      publicationEndDate: d.removedDate,
    },
  },
};

/** Revoked listings are never public again (they stay on file); removed ones are shown as removed. */
const publicDebtor = sql`${d.status} <> 'REVOKED'`;
export const publicDishonestDebtorsOfLegalPerson: RecordListSpec<typeof dishonestJudgmentDebtor> = { ...dishonestDebtorsOfLegalPerson, filter: publicDebtor };
export const publicDishonestDebtorsOfNaturalPerson: RecordListSpec<typeof dishonestJudgmentDebtor> = { ...dishonestDebtorsOfNaturalPerson, filter: publicDebtor };
