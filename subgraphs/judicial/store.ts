import type { InferSelectModel } from 'drizzle-orm';
import { dishonestJudgmentDebtor } from '../../drizzle/schema/judicial.ts';
import type { RecordListSpec } from '../kernel/record-pager.ts';

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
