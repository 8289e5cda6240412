import type {
  CreditDomain,
  CreditStatisticsCellResolvers,
  EarlyWarningResolvers,
  EarlyWarningRuleKind,
  StatisticsTrendResolvers,
  WarningClusterResolvers,
} from '../generated/resolvers-types.ts';
import { industry, region, ruleModel, rulesInForce } from '../statistics.ts';

export const CreditStatisticsCell: CreditStatisticsCellResolvers = {
  domain: (c) => (c.domain ? (c.domain.toUpperCase() as CreditDomain) : null),
  district: (c) => (c.district === null ? null : region(c.district)),
  industry: (c) => (c.industry === null ? null : industry(c.industry)),
  month: (c) => c.month,
  records: (c) => c.records,
  negativeRecords: (c) => c.negative,
  positiveRecords: (c) => c.positive,
  penalties: (c) => c.penalties,
  withdrawnRecords: (c) => c.withdrawn,
  inForceRecords: (c) => c.records - c.withdrawn,
  listings: (c) => [
    { listType: 'RED', count: c.red },
    { listType: 'KEY_ATTENTION', count: c.keyAttention },
    { listType: 'BLACK', count: c.black },
  ],
};

export const EarlyWarning: EarlyWarningResolvers = {
  subjectType: (w) => w.subjectType as 'LEGAL_PERSON' | 'NATURAL_PERSON',
  legalPerson: (w, _a, ctx) => (w.subjectType === 'LEGAL_PERSON' ? ctx.loaders.legalPerson.load(w.subjectId) : null),
  rule: (w) => {
    const rule = rulesInForce().find((r) => r.code === w.rule);
    // A rule switched off since keeps its warnings readable with what they were detected by.
    const model = rule ? ruleModel(rule) : { code: w.rule, kind: 'THRESHOLD' as const, windowDays: w.windowDays, threshold: w.currentCount, factor: null, description: 'a rule no longer in force' };
    return { ...model, kind: model.kind as EarlyWarningRuleKind };
  },
  district: (w) => region(w.district),
  industry: (w) => industry(w.industry),
  evidenceRecordIds: (w) => w.evidence,
};

export const WarningCluster: WarningClusterResolvers = {
  district: (c) => region(c.district),
  industry: (c) => industry(c.industry),
  share: (c) => (c.total > 0 ? c.warnings / c.total : 0),
};

export const StatisticsTrend: StatisticsTrendResolvers = {
  district: (t) => (t.district ? region(t.district) : null),
  industry: (t) => (t.industry ? industry(t.industry) : null),
  change: (t) => t.negativeRecords - t.previousNegativeRecords,
  changeRate: (t) => (t.previousNegativeRecords > 0 ? (t.negativeRecords - t.previousNegativeRecords) / t.previousNegativeRecords : null),
};
