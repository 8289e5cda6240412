import { toGlobalId } from '../../kernel/global-id.ts';
import { lifecycleResolvers } from '../../kernel/lifecycle/history.ts';
import { maskPersonName } from '../../kernel/id-number.ts';
import type { DishonestJudgmentDebtorResolvers, PerformanceStatus } from '../generated/resolvers-types.ts';

export const DishonestJudgmentDebtor: DishonestJudgmentDebtorResolvers = {
  id: (row) => toGlobalId('judicial', 'DishonestJudgmentDebtor', row.id),
  // A natural person's full name is personal information; the public interface shows it masked.
  subjectName: (row) => (row.subjectPersonId ? maskPersonName(row.subjectName) : row.subjectName),
  subjectFullName: (row) => row.subjectName,
  performance: (row) => row.performance as PerformanceStatus,
  // A revoked or repaired listing is no longer on the published list, whatever its removal date.
  listingStatus: (row) => (row.removedDate || row.status === 'REVOKED' || row.status === 'REPAIRED' ? 'REMOVED' : 'LISTED'),
  ...(lifecycleResolvers('DishonestJudgmentDebtor') as Pick<DishonestJudgmentDebtorResolvers, 'status' | 'statusHistory' | 'underObjection'>),
};
