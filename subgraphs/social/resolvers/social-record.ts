import { sectorRecordResolvers } from '../../kernel/sector-records.ts';
import type { SocialRecordResolvers } from '../generated/resolvers-types.ts';

export const SocialRecord = sectorRecordResolvers('social', 'SocialRecord') as SocialRecordResolvers;
