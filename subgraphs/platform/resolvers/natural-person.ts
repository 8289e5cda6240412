import { divisionName } from '../../kernel/divisions.ts';
import { maskPersonName } from '../../kernel/id-number.ts';
import type { NaturalPersonResolvers } from '../generated/resolvers-types.ts';

export const NaturalPerson: NaturalPersonResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.naturalPerson.load(ref.id),
  maskedName: (p) => maskPersonName(p.name),
  maskedIdNumber: (p) => p.idNumberMasked,
  region: (p) => (p.divisionCode ? { code: p.divisionCode, name: divisionName(p.divisionCode) } : null),
};
