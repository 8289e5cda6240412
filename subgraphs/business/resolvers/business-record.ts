import { sectorRecordResolvers } from '../../kernel/sector-records.ts';
import type { BusinessRecordResolvers } from '../generated/resolvers-types.ts';

export const BusinessRecord = sectorRecordResolvers('business', 'BusinessRecord') as BusinessRecordResolvers;
