import { toGlobalId } from '../../kernel/global-id.ts';
import { maskPersonName } from '../../kernel/id-number.ts';
import type { DishonestJudgmentDebtorResolvers, PerformanceStatus } from '../generated/resolvers-types.ts';

export const DishonestJudgmentDebtor: DishonestJudgmentDebtorResolvers = {
  id: (row) => toGlobalId('judicial', 'DishonestJudgmentDebtor', row.id),
  // A natural person's full name is personal information; the public interface shows it masked.
  subjectName: (row) => (row.subjectPersonId ? maskPersonName(row.subjectName) : row.subjectName),
  subjectFullName: (row) => row.subjectName,
  performance: (row) => row.performance as PerformanceStatus,
  listingStatus: (row) => (row.removedDate ? 'REMOVED' : 'LISTED'),
};
