import { sql } from 'drizzle-orm';
import { socialSectorRecord, wageArrearsRecord } from '../../drizzle/schema/social.ts';
import { type FactSource, sectorRecordFacts } from '../kernel/evaluation-facts.ts';
import { SHANGHAI_TODAY } from '../kernel/publication-sql.ts';

/** What social records tell the credit evaluation (社会诚信): wage arrears and sector records. */
const w = wageArrearsRecord;

export const SOCIAL_FACT_SOURCES: readonly FactSource[] = [
  {
    // Outstanding arrears count for the three years they list the employer; paid ones are on file.
    recordType: 'WageArrearsRecord',
    table: w,
    columns: {
      id: w.id,
      uscc: w.subjectUscc,
      sector: sql`'WAGE_ARREARS'`,
      category: sql`'拖欠农民工工资'`,
      polarity: sql`'NEGATIVE'`,
      severity: sql`case when ${w.workersAffected} >= 10 or ${w.amountOwed} >= 100000 then 'SEVERE' else 'GENERAL' end`,
      decisionDate: w.decisionDate,
      inPublicWindow: sql`(${w.status} not in ('REVOKED', 'REPAIRED') and ${w.settlementStatus} = 'OUTSTANDING' and ${w.decisionDate} <= ${SHANGHAI_TODAY} and ${w.decisionDate} + interval '3 years' > ${SHANGHAI_TODAY})`,
      // A revoked or repaired record says so; otherwise whether the arrears are paid.
      status: sql`case when ${w.status} in ('REVOKED', 'REPAIRED') then ${w.status} else ${w.settlementStatus} end`,
      title: sql`'拖欠农民工工资' || ${w.amountOwed}::text || '元（' || ${w.documentNumber} || '）'`,
    },
  },
  sectorRecordFacts(socialSectorRecord, 'SocialRecord'),
];
