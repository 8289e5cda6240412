import { scalarResolvers } from '../../kernel/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { AdministrativeLicence } from './administrative-licence.ts';
import { AdministrativePenalty } from './administrative-penalty.ts';
import { LegalPerson } from './legal-person.ts';

export const resolvers: Resolvers = {
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  Decimal: scalarResolvers.Decimal,
  LegalPerson,
  AdministrativePenalty,
  AdministrativeLicence,
};
