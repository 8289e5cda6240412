import { sql } from 'drizzle-orm';
import { dishonestJudgmentDebtor, judicialSectorRecord } from '../../drizzle/schema/judicial.ts';
import { type FactSource, sectorRecordFacts } from '../kernel/evaluation-facts.ts';
import { SHANGHAI_TODAY } from '../kernel/publication-sql.ts';

/** What judicial records tell the credit evaluation (司法公信): dishonest debtors and sector records. */
const d = dishonestJudgmentDebtor;

export const JUDICIAL_FACT_SOURCES: readonly FactSource[] = [
  {
    recordType: 'DishonestJudgmentDebtor',
    table: d,
    columns: {
      id: d.id,
      uscc: d.subjectUscc,
      sector: sql`'DISHONEST_DEBTOR'`,
      category: sql`'失信被执行人'`,
      polarity: sql`'NEGATIVE'`,
      severity: sql`'SEVERE'`,
      decisionDate: d.publishedDate,
      inPublicWindow: sql`(${d.status} not in ('REVOKED', 'REPAIRED') and ${d.publishedDate} <= ${SHANGHAI_TODAY} and (${d.removedDate} is null or ${d.removedDate} > ${SHANGHAI_TODAY}))`,
      status: sql`case when ${d.status} in ('REVOKED', 'REPAIRED') then ${d.status} when ${d.removedDate} is not null and ${d.removedDate} <= ${SHANGHAI_TODAY} then 'REMOVED' else 'PUBLISHED' end`,
      title: sql`${d.courtName} || ' ' || ${d.caseNumber}`,
    },
  },
  sectorRecordFacts(judicialSectorRecord, 'JudicialRecord'),
];
