import { scalarResolvers } from '../../kernel/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { CreditReport } from './credit-report.ts';
import { LegalPerson } from './legal-person.ts';
import { BusinessRecord } from './business-record.ts';
import { CreditCommitment } from './credit-commitment.ts';
import { Mutation } from './mutation.ts';
import { NaturalPerson } from './natural-person.ts';
import { TaxCreditRating } from './tax-credit-rating.ts';

export const resolvers: Resolvers = {
  CreditReport,
  DateTime: scalarResolvers.DateTime,
  Decimal: scalarResolvers.Decimal,
  BusinessRecord,
  CreditCommitment,
  Mutation,
  NaturalPerson,
  Date: scalarResolvers.Date,
  LegalPerson,
  TaxCreditRating,
};
