import { divisionName } from '../../kernel/divisions.ts';
import { INDUSTRY_SECTIONS } from '../../kernel/industries.ts';
import { REGISTRATION_AUTHORITIES, usccParts } from '../../kernel/uscc.ts';
import { applicableMeasures, combinedListings, listingsOf } from '../sanctions.ts';
import { combinedFacts, evaluate, factsOf } from '../evaluation.ts';
import type { LegalPersonKind, LegalPersonResolvers, LegalPersonStatus, RegistrationAuthority } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  // With `@requires`, the representation also carries every domain's listings: keep them.
  __resolveReference: async (ref, ctx) => {
    const row = await ctx.loaders.legalPerson.load(ref.uscc);
    return row && { ...row, ...listingsOf(ref), ...factsOf(ref) };
  },
  creditListings: (lp) => combinedListings(lp),
  creditEvaluation: async (lp, _a, ctx) => {
    const facts = combinedFacts(lp);
    const { rules, grades } = await ctx.loaders.evaluationScheme();
    return evaluate(lp.uscc, facts, rules, grades);
  },
  applicableMeasures: async (lp, { scenario, department }, ctx) => applicableMeasures(await ctx.loaders.activeMeasures(), combinedListings(lp), scenario, department),
  kind: (lp) => lp.kind as LegalPersonKind,
  status: (lp) => lp.status as LegalPersonStatus,
  registrationAuthority: (lp) => REGISTRATION_AUTHORITIES[lp.uscc[0]!] as RegistrationAuthority,
  organizationCode: (lp) => usccParts(lp.uscc).organizationCode,
  region: (lp) => ({ code: lp.divisionCode, name: divisionName(lp.divisionCode) }),
  industry: (lp) => (lp.industryCode ? { code: lp.industryCode, name: INDUSTRY_SECTIONS[lp.industryCode] ?? lp.industryCode } : null),
};
