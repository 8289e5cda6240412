import { caseSubjectListings, sanctionCaseRef } from '../../kernel/entities.ts';
import type { SanctionCaseResolvers } from '../generated/resolvers-types.ts';

/** A sanctions check case: this domain contributes the checked subject's listings, batched over the cases. */
export const SanctionCase: SanctionCaseResolvers = {
  __resolveReference: (ref) => sanctionCaseRef(ref),
  businessListings: (c, _args, ctx) => caseSubjectListings(c, ctx.loaders),
};
