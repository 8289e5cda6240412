import { scalarResolvers } from '../../kernel/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Caller } from './caller.ts';
import { CreditReport } from './credit-report.ts';
import { IssuedCreditReport } from './issued-credit-report.ts';
import { reportQueries } from './report-queries.ts';
import { ClassifiedSupervision, CreditEvaluation, EvaluationContribution, EvaluationEvidence, EvaluationGradeBand, EvaluationRule } from './credit-evaluation.ts';
import { evaluationMutations, evaluationQueries } from './evaluation-mutations.ts';
import { PartnerCity, PartnerKey, PartnerRecognition, PartnerRecognitionRule } from './partner-city.ts';
import { partnerMutations, partnerQueries } from './partner-mutations.ts';
import { CatalogEntry, CatalogListingRule } from './catalog-entry.ts';
import { Consent } from './consent.ts';
import { CreditAgency, CreditAgencyViolation } from './credit-agency.ts';
import { LegalPerson } from './legal-person.ts';
import { lifecycleMutations } from './lifecycle-mutation.ts';
import { lifecycleQueries } from './lifecycle-query.ts';
import { Mutation } from './mutation.ts';
import { Objection, RepairApplication } from './objection.ts';
import { NaturalPerson } from './natural-person.ts';
import { Query } from './query.ts';
import { QueryRecord } from './query-record.ts';
import { AppliedMeasure, SanctionCase, SanctionFeedback } from './sanction-case.ts';
import { SanctionMeasure } from './sanction-measure.ts';
import { Watch, WatchedSubject, WatchWebhook } from './watch.ts';
import { WatchAlert, WatchAlertDelivery } from './watch-alert.ts';
import { watchMutations } from './watch-mutations.ts';
import { watchQueries } from './watch-queries.ts';
import { CreditStatisticsCell, EarlyWarning, StatisticsTrend, WarningCluster } from './statistics.ts';
import { statisticsQueries } from './statistics-queries.ts';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: { ...Query, ...lifecycleQueries, ...evaluationQueries, ...partnerQueries, ...reportQueries, ...statisticsQueries, ...watchQueries },
  CreditReport,
  IssuedCreditReport,
  Mutation: { ...Mutation, ...lifecycleMutations, ...evaluationMutations, ...partnerMutations, ...watchMutations },
  Objection,
  RepairApplication,
  LegalPerson,
  NaturalPerson,
  Caller,
  CatalogEntry,
  CatalogListingRule,
  Consent,
  CreditAgency,
  CreditAgencyViolation,
  QueryRecord,
  SanctionMeasure,
  SanctionCase,
  SanctionFeedback,
  AppliedMeasure,
  CreditEvaluation,
  EvaluationContribution,
  EvaluationEvidence,
  EvaluationRule,
  EvaluationGradeBand,
  ClassifiedSupervision,
  PartnerCity,
  PartnerKey,
  PartnerRecognition,
  PartnerRecognitionRule,
  CreditStatisticsCell,
  EarlyWarning,
  WarningCluster,
  StatisticsTrend,
  Watch,
  WatchedSubject,
  WatchWebhook,
  WatchAlert,
  WatchAlertDelivery,
};
