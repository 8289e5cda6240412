import { agenciesByUscc, violationsOf } from '../kernel/access/agencies.ts';
import DataLoader from 'dataloader';
import { type DepartmentRow, departmentsByCode, departmentsByUscc, departmentsWritingTo } from '../kernel/access/departments.ts';
import type { Drizzle } from '../kernel/db.ts';
import { groupedLoader, keyedLoader } from '../kernel/keyed-loader.ts';
import type { SubgraphContext } from '../kernel/subgraph-server.ts';
import { casesById, feedbackOfCases, listMeasures, type SanctionMeasureRow } from './sanctions-store.ts';
import { legalPersonsByUscc, naturalPersonsById } from './store.ts';
import { issuedReportsById, registerIssuedReports } from './reports-store.ts';
import { type CreditReportModel, crossRegionPart, domainParts, type IssuedReport, issueReport } from './reports.ts';
import { listingFact } from '../kernel/evaluation-facts.ts';
import type { Caller } from '../kernel/auth/evaluate.ts';
import type { PlatformSigner } from '../kernel/signing.ts';
import { codedError } from '../kernel/errors.ts';
import type { RequestAccess } from '../kernel/auth/request-access.ts';
import { reportAccess } from '../kernel/credit-report.ts';
import type { GraphQLSchema } from 'graphql';
import { combinedFacts, evaluate, maySeeNonPublicEvidence } from './evaluation.ts';
import { recognitionsOf, listRecognitionRules, type RecognitionRuleRow } from './partners-store.ts';
import { crossRegionListings, recognitionModels, type RecognitionModel } from './partners.ts';
import type { CreditListing } from '../kernel/listings.ts';
import { type EvaluationGradeRow, type EvaluationRuleRow, listGrades, listRules } from './evaluation-store.ts';
import { createWatchLoaders } from './watchlists/loaders.ts';

export function createLoaders(db: Drizzle) {
  let activeMeasures: Promise<SanctionMeasureRow[]> | undefined;
  let issuing: DataLoader<CreditReportModel, IssuedReport, string> | undefined;
  const legalPerson = keyedLoader((usccs: readonly string[]) => legalPersonsByUscc(db, usccs), (r) => r.uscc);
  let recognitionRules: Promise<RecognitionRuleRow[]> | undefined;
  const partnerRecognitions = new DataLoader<string, RecognitionModel[]>(
    async (usccs) => {
      const [found, rules] = await Promise.all([recognitionsOf(db, usccs), (recognitionRules ??= listRecognitionRules(db))]);
      const models = recognitionModels(found, rules);
      return usccs.map((u) => models.filter((m) => m.subjectUscc === u));
    },
    { maxBatchSize: 1000 },
  );
  let evaluationScheme: Promise<{ rules: EvaluationRuleRow[]; grades: EvaluationGradeRow[] }> | undefined;
  return {
    /** Partner cities' results about subjects, with their effect now (one statement per batch). */
    partnerRecognitions,
    /** The subjects' cross-region listings (跨区域联合奖惩), derived from recognized partner results. */
    crossRegionListings: async (uscc: string): Promise<CreditListing[]> => crossRegionListings(await partnerRecognitions.load(uscc)),
    recognitionRules: () => (recognitionRules ??= listRecognitionRules(db)),
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
                // Recognized partner results count as in creditListings and creditEvaluation.
                const crossRegion = crossRegionListings(await partnerRecognitions.load(lp.uscc));
                const parts = [...domainParts(m), crossRegionPart(crossRegion)];
                const model = evaluate(lp.uscc, [...combinedFacts(m), ...crossRegion.map(listingFact)], rules, grades);
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
    ...createWatchLoaders(db),
    /** The active measures list, read once per request: it is small and every check needs it. */
    activeMeasures: () => (activeMeasures ??= listMeasures(db)),
    department: keyedLoader((codes: readonly string[]) => departmentsByCode(db, codes), (r) => r.code),
    /** The first registered department (by code) of each USCC. */
    departmentByUscc: keyedLoader((usccs: readonly string[]) => departmentsByUscc(db, usccs).then((all) => all.filter((d, i) => all.findIndex((e) => e.uscc === d.uscc) === i)), (r) => r.uscc.trim()),
    sanctionCase: keyedLoader((ids: readonly number[]) => casesById(db, ids), (r) => r.id),
    sanctionFeedback: groupedLoader((ids: readonly number[]) => feedbackOfCases(db, ids), (r) => r.caseId),
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
