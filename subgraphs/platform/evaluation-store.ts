import { asc, eq, type InferSelectModel, sql } from 'drizzle-orm';
import { evaluationGrade, evaluationRule } from '../../drizzle/schema/platform-evaluation.ts';
import type { Drizzle } from '../kernel/db.ts';

/** Platform's SQL for the evaluation scheme: rules and grade bands. */
export type EvaluationRuleRow = InferSelectModel<typeof evaluationRule>;
export type EvaluationGradeRow = InferSelectModel<typeof evaluationGrade>;

export async function listRules(db: Drizzle, includeWithdrawn = false): Promise<EvaluationRuleRow[]> {
  const q = db.select().from(evaluationRule);
  return (includeWithdrawn ? q : q.where(eq(evaluationRule.status, 'ACTIVE'))).orderBy(asc(evaluationRule.id));
}

export async function listGrades(db: Drizzle): Promise<EvaluationGradeRow[]> {
  return db.select().from(evaluationGrade).orderBy(asc(evaluationGrade.grade));
}

export async function ruleById(db: Drizzle, id: number): Promise<EvaluationRuleRow | null> {
  const [row] = await db.select().from(evaluationRule).where(eq(evaluationRule.id, id));
  return row ?? null;
}

/** Inserts a rule; null when its code is taken (the unique index decides, so two admins cannot both win). */
export async function insertRule(db: Drizzle, values: typeof evaluationRule.$inferInsert): Promise<EvaluationRuleRow | null> {
  const [row] = await db.insert(evaluationRule).values(values).onConflictDoNothing({ target: evaluationRule.code }).returning();
  return row ?? null;
}

export async function updateRule(db: Drizzle, id: number, set: Partial<typeof evaluationRule.$inferInsert>): Promise<EvaluationRuleRow | null> {
  const [row] = await db
    .update(evaluationRule)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(evaluationRule.id, id))
    .returning();
  return row ?? null;
}

/** Replaces every band in one transaction: readers see the old bands or the new ones, never a mix. */
export async function replaceGrades(db: Drizzle, grades: readonly (typeof evaluationGrade.$inferInsert)[]): Promise<EvaluationGradeRow[]> {
  return db.transaction(async (tx) => {
    await tx.delete(evaluationGrade);
    await tx.insert(evaluationGrade).values([...grades]);
    return tx.select().from(evaluationGrade).orderBy(asc(evaluationGrade.grade));
  });
}
