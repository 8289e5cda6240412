import { scalarResolvers } from '../../kernel/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { LegalPerson } from './legal-person.ts';
import { NaturalPerson } from './natural-person.ts';
import { Query } from './query.ts';

export const resolvers: Resolvers = { ...scalarResolvers, Query, LegalPerson, NaturalPerson };
