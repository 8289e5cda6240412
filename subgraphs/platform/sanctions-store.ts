import { and, desc, eq, type InferSelectModel, type SQL, sql } from 'drizzle-orm';
import { legalPerson, naturalPerson, sanctionCase, sanctionFeedback, sanctionMeasure } from '../../drizzle/schema/platform.ts';
import { insertJsonRows } from '../kernel/bulk-insert.ts';
import { type Drizzle, rows } from '../kernel/db.ts';
import { countCasesOpened, countFirstFeedback } from './statistics-store.ts';

/** A set of ids as one array parameter: a parameter per id costs the driver more than the query. */
const anyId = (ids: readonly number[]) => sql`any(${sql.param([...ids])}::bigint[])`;

/** Platform's SQL for joint rewards and sanctions: the measures list, check cases and their feedback. */

export type SanctionMeasureRow = InferSelectModel<typeof sanctionMeasure>;
export type SanctionCaseRow = InferSelectModel<typeof sanctionCase>;
export type SanctionFeedbackRow = InferSelectModel<typeof sanctionFeedback>;

export interface MeasureFilter {
  listType?: string | null;
  scenario?: string | null;
  department?: string | null;
  includeWithdrawn?: boolean | null;
}

export async function listMeasures(db: Drizzle, filter: MeasureFilter = {}): Promise<SanctionMeasureRow[]> {
  const where: SQL[] = [];
  if (!filter.includeWithdrawn) where.push(eq(sanctionMeasure.status, 'ACTIVE'));
  if (filter.listType) where.push(eq(sanctionMeasure.listType, filter.listType));
  if (filter.scenario) where.push(eq(sanctionMeasure.scenario, filter.scenario));
  if (filter.department) where.push(eq(sanctionMeasure.departmentCode, filter.department));
  return db.select().from(sanctionMeasure).where(and(...where)).orderBy(sanctionMeasure.id);
}

export async function measureById(db: Drizzle, id: number): Promise<SanctionMeasureRow | null> {
  const [row] = await db.select().from(sanctionMeasure).where(eq(sanctionMeasure.id, id));
  return row ?? null;
}

export async function insertMeasure(db: Drizzle, values: typeof sanctionMeasure.$inferInsert): Promise<SanctionMeasureRow> {
  const [row] = await db.insert(sanctionMeasure).values(values).returning();
  return row!;
}

export async function updateMeasure(db: Drizzle, id: number, set: Partial<typeof sanctionMeasure.$inferInsert>): Promise<SanctionMeasureRow | null> {
  const [row] = await db
    .update(sanctionMeasure)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(sanctionMeasure.id, id))
    .returning();
  return row ?? null;
}

/** Which of the codes are registered: one statement, the codes as one array parameter. */
export async function registeredUsccs(db: Drizzle, usccs: readonly string[]): Promise<Set<string>> {
  if (usccs.length === 0) return new Set();
  const found = await rows<{ uscc: string }>(db, sql`select uscc from ${legalPerson} where uscc = any(${sql.param([...usccs])}::char(18)[])`);
  return new Set(found.map((r) => r.uscc.trim()));
}

/** The subject of a check: exactly one of a legal person's USCC and a natural person's platform id. */
export type CaseSubject = { uscc: string; personId?: undefined } | { personId: string; uscc?: undefined };

/** Which of the natural-person ids are registered: one statement, the ids as one array parameter. */
export async function registeredPersonIds(db: Drizzle, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await rows<{ id: string }>(db, sql`select id from ${naturalPerson} where id = any(${sql.param([...ids])}::text[])`);
  return new Set(found.map((r) => r.id));
}

/** What a check found for one subject: its listings in every domain and the measures that apply to them. */
export interface CaseEvaluation {
  listings: unknown[];
  measures: unknown[];
}

/**
 * Opens one case per subject with what the check found, in one statement (the rows as one JSON
 * parameter), in the order given; the subjects must be distinct. A case is never without its
 * evaluation: both are written by the same insert.
 */
export async function openCases(
  db: Drizzle,
  c: { departmentCode: string; scenario: string; checkedOn: string; subjects: readonly CaseSubject[]; evaluations: readonly CaseEvaluation[] },
): Promise<SanctionCaseRow[]> {
  if (c.subjects.length === 0) return [];
  const evaluatedAt = new Date();
  // The feedback statistics count the cases in the transaction that opens them.
  const inserted = await db.transaction(async (txn) => {
    const tx = txn as unknown as Drizzle;
    // Both subject columns on every row (one of them null): the statement's text is the same for any mix.
    const opened = await insertJsonRows<{ id: number | string; subjectUscc: string | null; subjectPersonId: string | null; checkedAt: Date | string }>(
      tx,
      sanctionCase,
      c.subjects.map((s, i) => ({
        subjectUscc: s.uscc ?? null,
        subjectPersonId: s.personId ?? null,
        scenario: c.scenario,
        departmentCode: c.departmentCode,
        checkedOn: c.checkedOn,
        listings: c.evaluations[i]!.listings,
        measures: c.evaluations[i]!.measures,
        evaluatedAt: evaluatedAt.toISOString(),
      })),
      { returning: { id: sanctionCase.id, subjectUscc: sanctionCase.subjectUscc, subjectPersonId: sanctionCase.subjectPersonId, checkedAt: sanctionCase.checkedAt } },
    );
    await countCasesOpened(tx, c.departmentCode, c.checkedOn, opened.length);
    return opened;
  });
  // The subjects of one call are distinct (a batch refuses repeats), so each row is found by its subject.
  const bySubject = new Map(inserted.map((r) => [subjectKey({ uscc: r.subjectUscc?.trim(), personId: r.subjectPersonId ?? undefined } as CaseSubject), r]));
  return c.subjects.map((s, i) => {
    const r = bySubject.get(subjectKey(s))!;
    return {
      id: Number(r.id),
      subjectUscc: s.uscc ?? null,
      subjectPersonId: s.personId ?? null,
      scenario: c.scenario,
      departmentCode: c.departmentCode,
      checkedAt: new Date(r.checkedAt),
      checkedOn: c.checkedOn,
      listings: c.evaluations[i]!.listings,
      measures: c.evaluations[i]!.measures,
      evaluatedAt,
    };
  });
}

/** One string per subject, distinct across kinds (a person id never looks like `LP:` + a USCC). */
export const subjectKey = (s: CaseSubject) => (s.uscc ? `LP:${s.uscc}` : `NP:${s.personId}`);

export async function casesById(db: Drizzle, ids: readonly number[]): Promise<SanctionCaseRow[]> {
  return db.select().from(sanctionCase).where(sql`${sanctionCase.id} = ${anyId(ids)}`);
}

export async function feedbackOfCases(db: Drizzle, caseIds: readonly number[]): Promise<SanctionFeedbackRow[]> {
  return db.select().from(sanctionFeedback).where(sql`${sanctionFeedback.caseId} = ${anyId(caseIds)}`).orderBy(sanctionFeedback.id);
}

/** A report on a case; the case's first report also counts it as fed back (statistics), in one transaction. */
export async function insertFeedback(db: Drizzle, values: typeof sanctionFeedback.$inferInsert): Promise<SanctionFeedbackRow> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Drizzle;
    // Locked, so two first reports at once cannot both count as the first.
    const [c] = await rows<{ department_code: string; checked_on: string; reported: unknown }>(
      tx,
      sql`select department_code, checked_on::text as checked_on,
                 exists (select 1 from ${sanctionFeedback} f where f.case_id = ${sanctionCase.id}) as reported
          from ${sanctionCase} where ${sanctionCase.id} = ${values.caseId} for update`,
    );
    const [row] = await tx.insert(sanctionFeedback).values(values).returning();
    if (c && !c.reported) await countFirstFeedback(tx, c.department_code, c.checked_on);
    return row!;
  });
}

export interface CaseFilter {
  department?: string;
  scenario?: string;
  subjectUscc?: string;
  subjectPersonId?: string;
  /** true: without feedback and checked on or before `overdueCutoff`; false: the others. */
  overdue?: boolean;
  overdueCutoff: string;
}

/** A page of cases, newest first (ids grow with time), with the filter's total. */
export async function pageCases(db: Drizzle, filter: CaseFilter, page: { first: number; afterId?: number }): Promise<{ rows: SanctionCaseRow[]; total: number }> {
  const where: SQL[] = [];
  if (filter.department) where.push(eq(sanctionCase.departmentCode, filter.department));
  if (filter.scenario) where.push(eq(sanctionCase.scenario, filter.scenario));
  if (filter.subjectUscc) where.push(eq(sanctionCase.subjectUscc, filter.subjectUscc));
  if (filter.subjectPersonId) where.push(eq(sanctionCase.subjectPersonId, filter.subjectPersonId));
  if (filter.overdue !== undefined) {
    const late = sql`(not exists (select 1 from ${sanctionFeedback} f where f.case_id = ${sanctionCase.id}) and ${sanctionCase.checkedOn} <= ${filter.overdueCutoff})`;
    where.push(filter.overdue ? late : sql`not ${late}`);
  }
  const [counted] = await db.select({ n: sql<number>`count(*)` }).from(sanctionCase).where(and(...where));
  if (page.afterId !== undefined) where.push(sql`${sanctionCase.id} < ${page.afterId}`);
  const found = await db
    .select()
    .from(sanctionCase)
    .where(and(...where))
    .orderBy(desc(sanctionCase.id))
    .limit(page.first + 1);
  return { rows: found, total: Number(counted?.n ?? 0) };
}
