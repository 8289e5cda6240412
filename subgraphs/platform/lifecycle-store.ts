import { and, asc, desc, eq, type InferSelectModel, sql } from 'drizzle-orm';
import { objection, repairApplication } from '../../drizzle/schema/platform-lifecycle.ts';
import type { Drizzle } from '../kernel/db.ts';
import { SHANGHAI_TODAY } from '../kernel/publication-sql.ts';

/** Platform's SQL for objections and credit-repair applications. */

export type ObjectionRow = InferSelectModel<typeof objection>;
export type RepairApplicationRow = InferSelectModel<typeof repairApplication>;

const UNIQUE_VIOLATION = '23505';

/** Whether a database error is a unique violation (an open objection or application exists). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  return e?.code === UNIQUE_VIOLATION || e?.cause?.code === UNIQUE_VIOLATION;
}

export async function insertObjection(tx: Drizzle, values: typeof objection.$inferInsert): Promise<ObjectionRow> {
  const [row] = await tx.insert(objection).values(values).returning();
  return row!;
}

export async function insertRepairApplication(tx: Drizzle, values: typeof repairApplication.$inferInsert): Promise<RepairApplicationRow> {
  const [row] = await tx.insert(repairApplication).values(values).returning();
  return row!;
}

export async function objectionById(db: Drizzle, id: string): Promise<ObjectionRow | null> {
  const [row] = await db.select().from(objection).where(eq(objection.id, id));
  return row ?? null;
}

export async function repairApplicationById(db: Drizzle, id: string): Promise<RepairApplicationRow | null> {
  const [row] = await db.select().from(repairApplication).where(eq(repairApplication.id, id));
  return row ?? null;
}

export function objectionsOfSubject(db: Drizzle, subjectId: string, limit: number): Promise<ObjectionRow[]> {
  return db.select().from(objection).where(eq(objection.subjectId, subjectId)).orderBy(desc(objection.filedAt), desc(objection.id)).limit(limit);
}

export function repairApplicationsOfSubject(db: Drizzle, subjectId: string, limit: number): Promise<RepairApplicationRow[]> {
  return db
    .select()
    .from(repairApplication)
    .where(eq(repairApplication.subjectId, subjectId))
    .orderBy(desc(repairApplication.appliedAt), desc(repairApplication.id))
    .limit(limit);
}

const OPEN_OBJECTION = sql`${objection.status} in ('VERIFYING', 'UNDER_REVIEW')`;
const OPEN_APPLICATION = sql`${repairApplication.status} in ('VERIFYING', 'UNDER_REVIEW')`;

export function objectionsOfDepartment(db: Drizzle, departmentUscc: string, filter: { status?: string | null; overdue?: boolean | null }, limit: number): Promise<ObjectionRow[]> {
  const overdue = sql`(${OPEN_OBJECTION} and ${objection.deadline} < ${SHANGHAI_TODAY})`;
  return db
    .select()
    .from(objection)
    .where(
      and(
        eq(objection.departmentUscc, departmentUscc),
        filter.status ? eq(objection.status, filter.status) : undefined,
        filter.overdue == null ? undefined : filter.overdue ? overdue : sql`not ${overdue}`,
      ),
    )
    .orderBy(asc(objection.deadline), asc(objection.filedAt))
    .limit(limit);
}

export function repairApplicationsOfDepartment(
  db: Drizzle,
  departmentUscc: string,
  filter: { status?: string | null; overdue?: boolean | null },
  limit: number,
): Promise<RepairApplicationRow[]> {
  const overdue = sql`(${OPEN_APPLICATION} and coalesce(${repairApplication.decisionDeadline}, ${repairApplication.feedbackDeadline}) < ${SHANGHAI_TODAY})`;
  return db
    .select()
    .from(repairApplication)
    .where(
      and(
        eq(repairApplication.departmentUscc, departmentUscc),
        filter.status ? eq(repairApplication.status, filter.status) : undefined,
        filter.overdue == null ? undefined : filter.overdue ? overdue : sql`not ${overdue}`,
      ),
    )
    .orderBy(asc(repairApplication.decisionDeadline), asc(repairApplication.appliedAt))
    .limit(limit);
}

/** Moves an objection from one status to the next; null when it is not in `from` (decided already, …). */
export async function advanceObjection(tx: Drizzle, id: string, from: string, set: Partial<typeof objection.$inferInsert>): Promise<ObjectionRow | null> {
  const [row] = await tx
    .update(objection)
    .set(set)
    .where(and(eq(objection.id, id), eq(objection.status, from)))
    .returning();
  return row ?? null;
}

export async function advanceRepairApplication(
  tx: Drizzle,
  id: string,
  from: string,
  set: Partial<typeof repairApplication.$inferInsert>,
): Promise<RepairApplicationRow | null> {
  const [row] = await tx
    .update(repairApplication)
    .set(set)
    .where(and(eq(repairApplication.id, id), eq(repairApplication.status, from)))
    .returning();
  return row ?? null;
}
