import { scalarResolvers } from '../../kernel/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { DishonestJudgmentDebtor } from './dishonest-judgment-debtor.ts';
import { LegalPerson } from './legal-person.ts';
import { NaturalPerson } from './natural-person.ts';

export const resolvers: Resolvers = { Date: scalarResolvers.Date, LegalPerson, NaturalPerson, DishonestJudgmentDebtor };
