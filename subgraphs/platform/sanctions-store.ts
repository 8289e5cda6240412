import { and, desc, eq, inArray, type InferSelectModel, type SQL, sql } from 'drizzle-orm';
import { sanctionCase, sanctionFeedback, sanctionMeasure } from '../../drizzle/schema/platform.ts';
import { type Drizzle, rows } from '../kernel/db.ts';

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

/** Opens one case per subject in one statement, in the order given. */
export async function openCases(
  db: Drizzle,
  c: { departmentCode: string; scenario: string; checkedOn: string; usccs: readonly string[] },
): Promise<SanctionCaseRow[]> {
  if (c.usccs.length === 0) return [];
  const inserted = await db
    .insert(sanctionCase)
    .values(c.usccs.map((subjectUscc) => ({ subjectUscc, scenario: c.scenario, departmentCode: c.departmentCode, checkedOn: c.checkedOn })))
    .returning();
  return inserted.sort((a, b) => a.id - b.id);
}

export async function casesById(db: Drizzle, ids: readonly number[]): Promise<SanctionCaseRow[]> {
  return db.select().from(sanctionCase).where(inArray(sanctionCase.id, [...ids]));
}

/**
 * Records the listings and measures of cases not yet evaluated, all in one statement. A case
 * evaluated meanwhile (by a concurrent read) keeps what it had: only the first recording counts.
 */
export async function recordEvaluations(db: Drizzle, entries: readonly { id: number; listings: unknown; measures: unknown }[]): Promise<SanctionCaseRow[]> {
  if (entries.length === 0) return [];
  const payload = JSON.stringify(entries);
  await rows(
    db,
    sql`update ${sanctionCase} c set listings = e.listings, measures = e.measures, evaluated_at = now()
        from jsonb_to_recordset(${payload}::jsonb) as e(id bigint, listings jsonb, measures jsonb)
        where c.id = e.id and c.evaluated_at is null`,
  );
  return casesById(db, entries.map((e) => e.id));
}

export async function feedbackOfCases(db: Drizzle, caseIds: readonly number[]): Promise<SanctionFeedbackRow[]> {
  return db.select().from(sanctionFeedback).where(inArray(sanctionFeedback.caseId, [...caseIds])).orderBy(sanctionFeedback.id);
}

export async function insertFeedback(db: Drizzle, values: typeof sanctionFeedback.$inferInsert): Promise<SanctionFeedbackRow> {
  const [row] = await db.insert(sanctionFeedback).values(values).returning();
  return row!;
}

export interface CaseFilter {
  department?: string;
  scenario?: string;
  subjectUscc?: string;
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
