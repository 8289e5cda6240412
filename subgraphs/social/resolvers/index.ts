import { scalarResolvers } from '../../kernel/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { CreditReport } from './credit-report.ts';
import { LegalPerson } from './legal-person.ts';
import { SocialRecord } from './social-record.ts';
import { Mutation } from './mutation.ts';
import { NaturalPerson } from './natural-person.ts';
import { WageArrearsRecord } from './wage-arrears-record.ts';

export const resolvers: Resolvers = {
  CreditReport,
  SocialRecord,
  Mutation,
  NaturalPerson,
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  Decimal: scalarResolvers.Decimal,
  LegalPerson,
  WageArrearsRecord,
};
