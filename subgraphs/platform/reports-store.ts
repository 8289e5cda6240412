import type { InferInsertModel, InferSelectModel } from 'drizzle-orm';
import { creditReportIssue } from '../../drizzle/schema/platform.ts';
import { anyOf, type Drizzle } from '../kernel/db.ts';

/** Platform's SQL for the report register (报告登记). */

export type IssuedReportRow = InferSelectModel<typeof creditReportIssue>;
export type NewIssuedReport = InferInsertModel<typeof creditReportIssue>;

/** Registers the reports one request issued, in one statement. */
export async function registerIssuedReports(db: Drizzle, reports: readonly NewIssuedReport[]): Promise<void> {
  if (reports.length > 0) await db.insert(creditReportIssue).values([...reports]);
}

export async function issuedReportsById(db: Drizzle, ids: readonly string[]): Promise<IssuedReportRow[]> {
  return db.select().from(creditReportIssue).where(anyOf(creditReportIssue.id, ids));
}
