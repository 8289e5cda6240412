import type { InferSelectModel } from 'drizzle-orm';
import { administrativeLicence, administrativePenalty } from '../../drizzle/schema/government.ts';
import type { RecordListSpec } from '../kernel/record-pager.ts';

/** Government's SQL: 双公示 decisions. No other subgraph reads these tables. */

export type PenaltyRow = InferSelectModel<typeof administrativePenalty>;
export type LicenceRow = InferSelectModel<typeof administrativeLicence>;

export const penaltiesOfLegalPerson: RecordListSpec<typeof administrativePenalty> = {
  table: administrativePenalty,
  subject: administrativePenalty.subjectUscc,
  sort: administrativePenalty.decisionDate,
  id: administrativePenalty.id,
};

export const licencesOfLegalPerson: RecordListSpec<typeof administrativeLicence> = {
  table: administrativeLicence,
  subject: administrativeLicence.subjectUscc,
  sort: administrativeLicence.decisionDate,
  id: administrativeLicence.id,
};
