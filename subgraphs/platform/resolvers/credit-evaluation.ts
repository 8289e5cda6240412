import type {
  ClassifiedSupervisionResolvers,
  CreditDomain,
  CreditEvaluationResolvers,
  CreditGrade,
  CreditListType,
  EvaluationContributionResolvers,
  EvaluationEvidenceResolvers,
  EvaluationFactKind,
  EvaluationGradeBandResolvers,
  EvaluationRuleResolvers,
  EvaluationRuleStatus,
  EvaluationWindow,
  RecordPolarity,
  RecordSeverity,
  SupervisionLevel,
} from '../generated/resolvers-types.ts';
import { maySeeNonPublicEvidence, ruleGlobalId } from '../evaluation.ts';

export const CreditEvaluation: CreditEvaluationResolvers = {
  score: async (h) => (await h.evaluation()).score,
  baseScore: async (h) => (await h.evaluation()).baseScore,
  grade: async (h) => (await h.evaluation()).grade.grade as CreditGrade,
  gradeLabel: async (h) => (await h.evaluation()).grade.label,
  supervision: async (h) => (await h.evaluation()).grade,
  ruleSetVersion: async (h) => (await h.evaluation()).ruleSetVersion,
  evaluatedAt: async (h) => (await h.evaluation()).evaluatedAt,
  contributions: async (h) => (await h.evaluation()).contributions,
};

export const EvaluationContribution: EvaluationContributionResolvers = {
  evidenceWithheld: (c, _a, ctx) => !c.fact.inPublicWindow && !maySeeNonPublicEvidence(ctx.caller, c.subjectUscc),
  evidence: (c, _a, ctx) => (c.fact.inPublicWindow || maySeeNonPublicEvidence(ctx.caller, c.subjectUscc) ? c.fact : null),
};

export const EvaluationEvidence: EvaluationEvidenceResolvers = {
  domain: (f) => f.domain as CreditDomain,
  description: (f) => f.title,
  listType: (f) => f.listType as CreditListType | null,
};

export const EvaluationRule: EvaluationRuleResolvers = {
  id: (r) => ruleGlobalId(r.id),
  factKind: (r) => r.factKind as EvaluationFactKind | null,
  domain: (r) => r.domain as CreditDomain | null,
  polarity: (r) => r.polarity as RecordPolarity | null,
  severity: (r) => r.severity as RecordSeverity | null,
  listType: (r) => r.listType as CreditListType | null,
  window: (r) => r.window as EvaluationWindow,
  status: (r) => r.status as EvaluationRuleStatus,
  updatedAt: (r) => new Date(r.updatedAt).toISOString(),
};

export const EvaluationGradeBand: EvaluationGradeBandResolvers = {
  grade: (g) => g.grade as CreditGrade,
  supervision: (g) => g,
};

export const ClassifiedSupervision: ClassifiedSupervisionResolvers = {
  level: (g) => g.supervisionLevel as SupervisionLevel,
  label: (g) => g.supervisionLabel,
};
