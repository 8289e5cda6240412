import { sql } from 'drizzle-orm';
import { businessSectorRecord, creditCommitment, taxCreditRating } from '../../drizzle/schema/business.ts';
import { type FactSource, sectorRecordFacts } from '../kernel/evaluation-facts.ts';
import { SHANGHAI_TODAY } from '../kernel/publication-sql.ts';

/** What business records tell the credit evaluation (商务诚信): tax grades, sector records, commitments. */
const t = taxCreditRating;
const c = creditCommitment;

export const BUSINESS_FACT_SOURCES: readonly FactSource[] = [
  {
    // Only the latest published year counts; only an A grade is published (A级纳税人名单), so
    // other grades are facts on file, not public.
    recordType: 'TaxCreditRating',
    table: t,
    columns: {
      id: t.id,
      uscc: t.subjectUscc,
      sector: sql`'TAXATION'`,
      category: t.grade,
      polarity: sql`case ${t.grade} when 'A' then 'POSITIVE' when 'D' then 'NEGATIVE' else 'NEUTRAL' end`,
      severity: sql`case ${t.grade} when 'D' then 'SEVERE' else null end`,
      decisionDate: t.publishedDate,
      inPublicWindow: sql`${t.grade} = 'A' and ${t.status} not in ('REVOKED', 'REPAIRED')`,
      status: sql`case when ${t.status} in ('REVOKED', 'REPAIRED', 'CORRECTED') then ${t.status} else 'PUBLISHED' end`,
      title: sql`${t.year}::text || '年度纳税信用' || ${t.grade} || '级'`,
    },
    where: sql`${t.publishedDate} <= ${SHANGHAI_TODAY}
      and ${t.year} = (select max(l.year) from ${t} l where l.subject_uscc = ${t.subjectUscc} and l.published_date <= ${SHANGHAI_TODAY})`,
  },
  sectorRecordFacts(businessSectorRecord, 'BusinessRecord'),
  {
    // 信用承诺 are public on the subject; one kept (not breached) is a positive fact, a breached
    // one a negative fact (its breach is also a negative BusinessRecord of its own).
    recordType: 'CreditCommitment',
    table: c,
    columns: {
      id: c.id,
      uscc: c.subjectUscc,
      sector: sql`'CREDIT_COMMITMENT'`,
      category: c.commitmentType,
      polarity: sql`case when ${c.breachedOn} is null then 'POSITIVE' else 'NEGATIVE' end`,
      severity: sql`null`,
      decisionDate: c.madeOn,
      inPublicWindow: sql`${c.madeOn} <= ${SHANGHAI_TODAY}`,
      status: sql`case when ${c.breachedOn} is not null then 'BREACHED' when ${c.validUntil} < ${SHANGHAI_TODAY} then 'EXPIRED' else 'ACTIVE' end`,
      title: sql`left(${c.content}, 60)`,
    },
  },
];
