import { scalarResolvers } from '../../kernel/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Caller } from './caller.ts';
import { CatalogEntry } from './catalog-entry.ts';
import { Consent } from './consent.ts';
import { CreditAgency, CreditAgencyViolation } from './credit-agency.ts';
import { LegalPerson } from './legal-person.ts';
import { Mutation } from './mutation.ts';
import { NaturalPerson } from './natural-person.ts';
import { Query } from './query.ts';
import { QueryRecord } from './query-record.ts';
import { AppliedMeasure, SanctionCase, SanctionFeedback } from './sanction-case.ts';
import { SanctionMeasure } from './sanction-measure.ts';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query,
  Mutation,
  LegalPerson,
  NaturalPerson,
  Caller,
  CatalogEntry,
  Consent,
  CreditAgency,
  CreditAgencyViolation,
  QueryRecord,
  SanctionMeasure,
  SanctionCase,
  SanctionFeedback,
  AppliedMeasure,
};
