import { toGlobalId } from '../../kernel/global-id.ts';
import { lifecycleResolvers } from '../../kernel/lifecycle/history.ts';
import type { WageArrearsRecordResolvers, WageSettlementStatus } from '../generated/resolvers-types.ts';

export const WageArrearsRecord: WageArrearsRecordResolvers = {
  id: (row) => toGlobalId('social', 'WageArrearsRecord', row.id),
  settlementStatus: (row) => row.settlementStatus as WageSettlementStatus,
  authority: (row) => ({ name: row.authorityName, uscc: row.authorityUscc }),
  ...(lifecycleResolvers('WageArrearsRecord') as Pick<WageArrearsRecordResolvers, 'status' | 'statusHistory' | 'underObjection'>),
};
