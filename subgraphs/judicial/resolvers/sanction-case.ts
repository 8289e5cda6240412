import type { SanctionCaseResolvers } from '../generated/resolvers-types.ts';

/** A sanctions check case: this domain contributes the checked subject's listings, batched over the cases. */
export const SanctionCase: SanctionCaseResolvers = {
  __resolveReference: (ref) => ({ id: ref.id, subjectUscc: ref.subjectUscc }),
  judicialListings: (c, _args, ctx) => ctx.loaders.listingsOfLegalPerson.load(c.subjectUscc),
};
