import { divisionName } from '../../kernel/divisions.ts';
import { maskPersonName } from '../../kernel/id-number.ts';
import { combinedListings, listingsOf } from '../sanctions.ts';
import type { NaturalPersonResolvers } from '../generated/resolvers-types.ts';

export const NaturalPerson: NaturalPersonResolvers = {
  __resolveReference: async (ref, ctx) => {
    const row = await ctx.loaders.naturalPerson.load(ref.id);
    return row && { ...row, ...listingsOf(ref) };
  },
  creditListings: (p) => combinedListings(p),
  maskedName: (p) => maskPersonName(p.name),
  maskedIdNumber: (p) => p.idNumberMasked,
  region: (p) => (p.divisionCode ? { code: p.divisionCode, name: divisionName(p.divisionCode) } : null),
};
