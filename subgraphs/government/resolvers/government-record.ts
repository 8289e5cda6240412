import { sectorRecordResolvers } from '../../kernel/sector-records.ts';
import type { GovernmentRecordResolvers } from '../generated/resolvers-types.ts';

export const GovernmentRecord = sectorRecordResolvers('government', 'GovernmentRecord') as GovernmentRecordResolvers;
