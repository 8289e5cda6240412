import { sql } from 'drizzle-orm';
import { administrativeLicence, administrativePenalty, governmentSectorRecord } from '../../drizzle/schema/government.ts';
import { type FactSource, sectorRecordFacts } from '../kernel/evaluation-facts.ts';
import { inPublicWindow, SHANGHAI_TODAY } from '../kernel/publication-sql.ts';

/** What government records tell the credit evaluation (政务诚信): penalties, licences, 政务失信. */
const p = administrativePenalty;
const l = administrativeLicence;
const s = governmentSectorRecord;

export const GOVERNMENT_FACT_SOURCES: readonly FactSource[] = [
  {
    recordType: 'AdministrativePenalty',
    table: p,
    columns: {
      id: p.id,
      uscc: p.subjectUscc,
      sector: sql`null`,
      category: p.violationType,
      polarity: sql`'NEGATIVE'`,
      severity: p.severity,
      decisionDate: p.decisionDate,
      inPublicWindow: inPublicWindow(p),
      status: p.status,
      title: sql`${p.violationType} || '（' || ${p.documentNumber} || '）'`,
    },
  },
  {
    recordType: 'AdministrativeLicence',
    table: l,
    columns: {
      id: l.id,
      uscc: l.subjectUscc,
      sector: sql`null`,
      category: l.licenceCategory,
      polarity: sql`'NEUTRAL'`,
      severity: sql`null`,
      decisionDate: l.decisionDate,
      inPublicWindow: sql`(${l.status} not in ('REVOKED', 'REPAIRED') and coalesce(${l.publishedDate}, ${l.decisionDate}) <= ${SHANGHAI_TODAY})`,
      status: l.status,
      title: l.documentName,
    },
  },
  // Civil servants' integrity files name natural persons only, so a legal person's sector
  // records here are 政务失信 records, public within their window.
  sectorRecordFacts(s, 'GovernmentRecord', sql`${s.sector} <> 'CIVIL_SERVANT_INTEGRITY'`),
];
