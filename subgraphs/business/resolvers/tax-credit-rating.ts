import { toGlobalId } from '../../kernel/global-id.ts';
import { lifecycleResolvers } from '../../kernel/lifecycle/history.ts';
import type { TaxCreditGrade, TaxCreditRatingResolvers } from '../generated/resolvers-types.ts';

export const TaxCreditRating: TaxCreditRatingResolvers = {
  id: (row) => toGlobalId('business', 'TaxCreditRating', row.id),
  grade: (row) => row.grade as TaxCreditGrade,
  authority: (row) => ({ name: row.authorityName, uscc: row.authorityUscc }),
  ...(lifecycleResolvers('TaxCreditRating') as Pick<TaxCreditRatingResolvers, 'status' | 'statusHistory' | 'underObjection'>),
};
