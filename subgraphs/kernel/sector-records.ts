import { type InferSelectModel, type SQL, sql } from 'drizzle-orm';
import type { sectorRecordTable } from '../../drizzle/schema/sector-record.ts';
import type { DepartmentRow } from './access/departments.ts';
import { shanghaiDate } from './calendar.ts';
import { anyOf, type Drizzle } from './db.ts';
import { toGlobalId } from './global-id.ts';
import { maskPersonName } from './id-number.ts';
import { lifecycleResolvers } from './lifecycle/history.ts';
import type { LifecycleRecordType } from './lifecycle/records.ts';
import { type CheckedRow, type NaturalKeyed, RowChecker, type SubmissionResult, storeByNaturalKey } from './ingest.ts';
import { publicationWindow, type Severity } from './publication.ts';
import { SubjectResolver } from './submission-subjects.ts';
import { inPublicWindow } from './publication-sql.ts';
import type { RecordListSpec } from './record-pager.ts';

/**
 * What every domain does the same way with its sector records: the lists (public window and on
 * file, by legal or natural person), submission, and the resolvers of the record type.
 */
export type SectorRecordTable = ReturnType<typeof sectorRecordTable>;
export type SectorRecordRow = InferSelectModel<SectorRecordTable>;

export interface SectorRecordLists {
  publicOfLegalPerson: RecordListSpec<SectorRecordTable>;
  onFileOfLegalPerson: RecordListSpec<SectorRecordTable>;
  publicOfPerson: RecordListSpec<SectorRecordTable>;
  onFileOfPerson: RecordListSpec<SectorRecordTable>;
}

/** `internalSectors` never appear in the public lists, whatever their window. */
export function sectorRecordLists(table: SectorRecordTable, internalSectors: readonly string[] = []): SectorRecordLists {
  const base = { table, sort: table.decisionDate, id: table.id };
  const notInternal = internalSectors.length > 0 ? sql` and ${table.sector} not in (${sql.join(internalSectors.map((s) => sql`${s}`), sql`, `)})` : sql``;
  const publicFilter = sql`${inPublicWindow(table)}${notInternal}`;
  return {
    publicOfLegalPerson: { ...base, subject: table.subjectUscc, filter: publicFilter },
    onFileOfLegalPerson: { ...base, subject: table.subjectUscc },
    publicOfPerson: { ...base, subject: table.subjectPersonId, filter: publicFilter },
    onFileOfPerson: { ...base, subject: table.subjectPersonId },
  };
}

/** The `sectors` argument as a narrowing of a list (null or empty: all sectors). */
export function sectorNarrowing(table: SectorRecordTable, sectors: readonly string[] | null | undefined): { key: string; filter: SQL } | undefined {
  if (!sectors || sectors.length === 0) return undefined;
  const unique = [...new Set(sectors)].sort();
  return { key: unique.join(','), filter: anyOf(table.sector, unique) };
}

export interface SectorRecordInput {
  sector: string;
  category: string;
  subjectCategory: string;
  subjectName: string;
  subjectUscc?: string | null;
  subjectLegacyCode?: string | null;
  subjectIdNumber?: string | null;
  polarity: string;
  severity?: string | null;
  title: string;
  facts: string;
  legalBasis?: string | null;
  outcome?: string | null;
  amount?: string | null;
  documentNumber: string;
  decisionDate: string;
  authorityName: string;
  authorityUscc: string;
  publicationEndDate?: string | null;
}

/** Checks and stores submitted sector records row by row. */
export async function submitSectorRecords(
  db: Drizzle,
  table: SectorRecordTable,
  id: { domain: string; type: string },
  department: DepartmentRow,
  inputs: readonly SectorRecordInput[],
  idHashKey: string,
): Promise<SubmissionResult> {
  return storeByNaturalKey(db, table, { ...id, departmentUscc: department.uscc }, await checkSectorRecords(db, department, inputs, idHashKey));
}

/**
 * Checks submitted sector records row by row (bulk files check a batch while the previous one
 * is written). A negative record must state its severity, which sets its public window (Order
 * No. 36); positive and neutral ones must not. The subject is a legal person by USCC or old code,
 * or a natural person by ID number.
 */
export async function checkSectorRecords(db: Drizzle, department: DepartmentRow, inputs: readonly SectorRecordInput[], idHashKey: string): Promise<CheckedRow[]> {
  const subjects = await SubjectResolver.prepare(db, idHashKey, inputs);
  return inputs.map((input, index) => {
    const c = new RowChecker();
    const subjectName = c.text('subjectName', input.subjectName, { required: true, max: 200 });
    const subject = subjects.check(c, input, subjectName);
    const negative = input.polarity === 'NEGATIVE';
    c.require(!negative || !!input.severity, 'severity', 'REQUIRED', 'a negative record states its severity (MINOR, GENERAL or SEVERE)');
    c.require(negative || !input.severity, 'severity', 'NOT_NEGATIVE', 'only negative records have a severity');
    const decisionDate = c.date('decisionDate', input.decisionDate, { required: true, notBefore: '1990-01-01' });
    const requestedEnd = c.date('publicationEndDate', input.publicationEndDate, { allowFuture: true });
    const row = {
      sector: input.sector,
      category: c.text('category', input.category, { required: true, max: 100 }),
      subjectCategory: input.subjectCategory,
      subjectUscc: subject?.subjectUscc ?? null,
      subjectPersonId: subject?.subjectPersonId ?? null,
      subjectLegacyCode: subject?.subjectLegacyCode ?? null,
      subjectName,
      polarity: input.polarity,
      title: c.text('title', input.title, { required: true, max: 200 }),
      facts: c.text('facts', input.facts, { required: true, max: 4000 }),
      legalBasis: c.text('legalBasis', input.legalBasis, { max: 1000 }),
      outcome: c.text('outcome', input.outcome, { max: 2000 }),
      amount: c.money('amount', input.amount),
      documentNumber: c.text('documentNumber', input.documentNumber, { required: true, max: 100 }),
      authorityName: c.text('authorityName', input.authorityName, { required: true, max: 200 }),
      authorityUscc: c.uscc('authorityUscc', input.authorityUscc, true),
      sourceName: department.name,
      sourceUscc: department.uscc,
    };
    if (!c.ok || !decisionDate || !subject) return { index, row: null, problems: c.problems };
    const publishedDate = shanghaiDate();
    const publicationEndDate = negative ? publicationWindow(input.severity as Severity, publishedDate, requestedEnd).end : requestedEnd;
    // Object.assign, not a spread: on Node 20 a literal with properties after a spread costs
    // microseconds a property, a large share of a bulk load.
    const full = Object.assign({}, row, { decisionDate, severity: negative ? input.severity : null, publishedDate, publicationEndDate });
    return { index, problems: [], row: full as never as NaturalKeyed, person: subject.person };
  });
}

/** Field resolvers of a domain's sector record type (GovernmentRecord, BusinessRecord, …). */
export function sectorRecordResolvers(domain: string, typeName: string) {
  return {
    id: (row: SectorRecordRow) => toGlobalId(domain, typeName, row.id),
    // A natural person's full name is personal information: the record shows it masked.
    subjectName: (row: SectorRecordRow) => (row.subjectPersonId ? maskPersonName(row.subjectName) : row.subjectName),
    authority: (row: SectorRecordRow) => ({ name: row.authorityName, uscc: row.authorityUscc }),
    dataSource: (row: SectorRecordRow) => ({ name: row.sourceName, uscc: row.sourceUscc }),
    ...lifecycleResolvers(typeName),
  };
}

/** A domain's sector records as the record lifecycle (objections, repair) reaches them. */
export function sectorLifecycleType(table: SectorRecordTable): LifecycleRecordType {
  return {
    table,
    id: table.id,
    subjectUscc: table.subjectUscc,
    subjectPersonId: table.subjectPersonId,
    status: table.status,
    objectionId: table.objectionId,
    publishedDate: table.publishedDate,
    decisionDate: table.decisionDate,
    sourceName: table.sourceName,
    sourceUscc: table.sourceUscc,
    polarity: table.polarity,
    severity: table.severity,
    publicationEndDate: table.publicationEndDate,
  };
}
