import { scalarResolvers } from '../../kernel/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { LegalPerson } from './legal-person.ts';
import { TaxCreditRating } from './tax-credit-rating.ts';

export const resolvers: Resolvers = { Date: scalarResolvers.Date, LegalPerson, TaxCreditRating };
