import { sectorRecordResolvers } from '../../kernel/sector-records.ts';
import type { JudicialRecordResolvers } from '../generated/resolvers-types.ts';

export const JudicialRecord = sectorRecordResolvers('judicial', 'JudicialRecord') as JudicialRecordResolvers;
