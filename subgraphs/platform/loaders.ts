import { agenciesByUscc, violationsOf } from '../kernel/access/agencies.ts';
import DataLoader from 'dataloader';
import { type DepartmentRow, departmentsByCode, departmentsWritingTo } from '../kernel/access/departments.ts';
import type { Drizzle } from '../kernel/db.ts';
import { groupedLoader, keyedLoader } from '../kernel/keyed-loader.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { combinedListings, appliedMeasures, type SanctionCaseModel } from './sanctions.ts';
import { casesById, feedbackOfCases, listMeasures, recordEvaluations, type SanctionCaseRow, type SanctionMeasureRow } from './sanctions-store.ts';
import { legalPersonsByUscc, naturalPersonsById } from './store.ts';
import { issuedReportsById, registerIssuedReports } from './reports-store.ts';
import { type CreditReportModel, domainParts, type IssuedReport, issueReport } from './reports.ts';
import type { Caller } from '../kernel/auth/evaluate.ts';
import type { PlatformSigner } from '../kernel/signing.ts';
import { codedError } from '../kernel/errors.ts';
import type { RequestAccess } from '../kernel/auth/request-access.ts';
import { reportAccess } from '../kernel/credit-report.ts';
import type { GraphQLSchema } from 'graphql';
import { combinedFacts, evaluate, maySeeNonPublicEvidence } from './evaluation.ts';

import { type EvaluationGradeRow, type EvaluationRuleRow, listGrades, listRules } from './evaluation-store.ts';

export function createLoaders(db: Drizzle) {
  let activeMeasures: Promise<SanctionMeasureRow[]> | undefined;
  let issuing: DataLoader<CreditReportModel, IssuedReport, string> | undefined;
  const legalPerson = keyedLoader((usccs: readonly string[]) => legalPersonsByUscc(db, usccs), (r) => r.uscc);
  let evaluationScheme: Promise<{ rules: EvaluationRuleRow[]; grades: EvaluationGradeRow[] }> | undefined;
  return {
    /** The active evaluation rules and grade bands, read once per request (two small statements). */
    evaluationScheme: () => (evaluationScheme ??= Promise.all([listRules(db), listGrades(db)]).then(([rules, grades]) => ({ rules, grades }))),
    /**
     * Reports issued in this request, one per subject: built from the parts the gateway brought,
     * signed, and registered together in one statement, so a report costs the same statements
     * whatever it holds. Every field of one report reads the same issue.
     */
    issueReport: (ctx: { signer: () => Promise<PlatformSigner>; caller: Caller; access: RequestAccess }, schema: GraphQLSchema) =>
      (issuing ??= new DataLoader<CreditReportModel, IssuedReport, string>(
        async (models) => {
          const key = await ctx.signer();
          const subjects = await Promise.all(models.map((m) => legalPerson.load(m.uscc)));
          const { rules, grades } = await (evaluationScheme ??= Promise.all([listRules(db), listGrades(db)]).then(([r, g]) => ({ rules: r, grades: g })));
          const now = new Date();
          const issued = await Promise.all(
            models.map(async (m, i) => {
              const lp = subjects[i];
              if (!lp) return codedError('NOT_FOUND', `no legal person is registered with USCC ${m.uscc}`, { argument: 'uscc', reason: 'UNKNOWN_SUBJECT' });
              try {
                const parts = domainParts(m);
                const model = evaluate(lp.uscc, combinedFacts(m), rules, grades);
                // The evaluation's own rules: supervision by its SDL directive, evidence as creditEvaluation withholds it.
                const supervision = await reportAccess(schema, ctx.access, lp.uscc).internal(['CreditEvaluation.supervision']);
                const view = { supervision, nonPublicEvidence: maySeeNonPublicEvidence(ctx.caller, lp.uscc) };
                return await issueReport(key, ctx.caller, lp, parts, { model, view }, now);
              } catch (error) {
                return error as Error;
              }
            }),
          );
          await registerIssuedReports(db, issued.flatMap((r) => (r instanceof Error ? [] : [r.entry])));
          return issued.map((r) => (r instanceof Error ? r : r.report));
        },
        { cacheKeyFn: (m) => m.uscc, maxBatchSize: 100 },
      )),
    issuedReport: keyedLoader((ids: readonly string[]) => issuedReportsById(db, ids), (r) => r.id),
    /** The active measures list, read once per request: it is small and every check needs it. */
    activeMeasures: () => (activeMeasures ??= listMeasures(db)),
    department: keyedLoader((codes: readonly string[]) => departmentsByCode(db, codes), (r) => r.code),
    sanctionCase: keyedLoader((ids: readonly number[]) => casesById(db, ids), (r) => r.id),
    sanctionFeedback: groupedLoader((ids: readonly number[]) => feedbackOfCases(db, ids), (r) => r.caseId),
    /**
     * A case's listings and measures as recorded: cases read for the first time are evaluated
     * from the listings the gateway brought and recorded together, one statement per batch.
     */
    caseEvaluation: new DataLoader<SanctionCaseModel, SanctionCaseRow, number>(
      async (cases) => {
        const pending = cases.filter((c) => !c.evaluatedAt);
        const recorded = new Map<number, SanctionCaseRow>();
        if (pending.length > 0) {
          const measures = await (activeMeasures ??= listMeasures(db));
          const entries = pending.map((c) => {
            const listings = combinedListings(c);
            return { id: c.id, listings, measures: appliedMeasures(c, measures, listings) };
          });
          for (const row of await recordEvaluations(db, entries)) recorded.set(row.id, row);
        }
        return cases.map((c) => recorded.get(c.id) ?? c);
      },
      { cacheKeyFn: (c) => c.id, maxBatchSize: 1000 },
    ),
    legalPerson,
    naturalPerson: keyedLoader((ids: readonly string[]) => naturalPersonsById(db, ids), (r) => r.id),
    agency: keyedLoader((usccs: readonly string[]) => agenciesByUscc(db, usccs), (r) => r.uscc),
    agencyViolations: groupedLoader((usccs: readonly string[]) => violationsOf(db, usccs), (r) => r.agencyUscc),
    // A department supplying several domains is listed under each of them.
    suppliers: new DataLoader<string, DepartmentRow[]>(async (domains) => {
      const found = await departmentsWritingTo(db, domains);
      return domains.map((d) => found.filter((f) => f.writeDomains.includes(d)));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
