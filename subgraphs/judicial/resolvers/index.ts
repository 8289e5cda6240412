import { scalarResolvers } from '../../kernel/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { DishonestJudgmentDebtor } from './dishonest-judgment-debtor.ts';
import { CreditReport } from './credit-report.ts';
import { LegalPerson } from './legal-person.ts';
import { JudicialRecord } from './judicial-record.ts';
import { Mutation } from './mutation.ts';
import { NaturalPerson } from './natural-person.ts';

export const resolvers: Resolvers = {
  CreditReport,
  DateTime: scalarResolvers.DateTime,
  Decimal: scalarResolvers.Decimal,
  JudicialRecord,
  Mutation,
  Date: scalarResolvers.Date,
  LegalPerson,
  NaturalPerson,
  DishonestJudgmentDebtor,
};
