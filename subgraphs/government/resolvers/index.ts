import { scalarResolvers } from '../../kernel/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { AdministrativeLicence } from './administrative-licence.ts';
import { AdministrativePenalty } from './administrative-penalty.ts';
import { LegalPerson } from './legal-person.ts';
import { GovernmentRecord } from './government-record.ts';
import { NaturalPerson } from './natural-person.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { CreditReport } from './credit-report.ts';

export const resolvers: Resolvers = {
  GovernmentRecord,
  NaturalPerson,
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  Decimal: scalarResolvers.Decimal,
  Query,
  Mutation,
  LegalPerson,
  AdministrativePenalty,
  AdministrativeLicence,
  CreditReport,
};
