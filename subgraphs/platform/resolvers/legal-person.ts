import { divisionName } from '../../kernel/divisions.ts';
import { INDUSTRY_SECTIONS } from '../../kernel/industries.ts';
import { REGISTRATION_AUTHORITIES, usccParts } from '../../kernel/uscc.ts';
import { applicableMeasures, combinedListings, listingsOf } from '../sanctions.ts';
import { combinedFacts, evaluate, evaluationHandle, factsOf } from '../evaluation.ts';
import { attestationValidityDays, platformCityCode } from '../../kernel/config.ts';
import { listingFact } from '../../kernel/evaluation-facts.ts';
import type { Context } from '../loaders.ts';
import { ATTESTATION_TYP, attestationPayload } from '../partners.ts';
import type { LegalPersonRow } from '../store.ts';

/** The evaluation from every domain's facts and the cross-region listings of recognized partner results. */
async function evaluationOf(lp: LegalPersonRow, ctx: Context) {
  const facts = combinedFacts(lp);
  const [{ rules, grades }, crossRegion] = await Promise.all([ctx.loaders.evaluationScheme(), ctx.loaders.crossRegionListings(lp.uscc)]);
  return evaluate(lp.uscc, [...facts, ...crossRegion.map(listingFact)], rules, grades);
}
import type { LegalPersonKind, LegalPersonResolvers, LegalPersonStatus, RegistrationAuthority } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  // With `@requires`, the representation also carries every domain's listings: keep them.
  __resolveReference: async (ref, ctx) => {
    const row = await ctx.loaders.legalPerson.load(ref.uscc);
    return row && { ...row, ...listingsOf(ref), ...factsOf(ref) };
  },
  // Cross-region listings (recognized partner results) join the domains' own: joint sanctions
  // apply across cities.
  creditListings: async (lp, _a, ctx) => [...combinedListings(lp), ...(await ctx.loaders.crossRegionListings(lp.uscc))],
  creditEvaluation: (lp, _a, ctx) => evaluationHandle(lp.uscc, () => evaluationOf(lp, ctx)),
  applicableMeasures: async (lp, { scenario, department }, ctx) => {
    const listings = [...combinedListings(lp), ...(await ctx.loaders.crossRegionListings(lp.uscc))];
    return applicableMeasures(await ctx.loaders.activeMeasures(), listings, scenario, department);
  },
  partnerRecognitions: (lp, _a, ctx) => ctx.loaders.partnerRecognitions.load(lp.uscc),
  creditAttestation: async (lp, _a, ctx) => {
    const evaluation = await evaluationOf(lp, ctx);
    // The same key as credit reports: attestations verify against the same published JWKS.
    const signer = await ctx.signer();
    const payload = attestationPayload(lp.uscc, evaluation, combinedListings(lp), { issuer: platformCityCode(), validityDays: attestationValidityDays() });
    const jws = await signer.sign(payload, { typ: ATTESTATION_TYP });
    return {
      jws,
      kid: signer.kid,
      issuer: payload.iss as string,
      subjectUscc: lp.uscc,
      issuedAt: new Date((payload.iat as number) * 1000).toISOString(),
      expiresAt: new Date((payload.exp as number) * 1000).toISOString(),
    };
  },
  kind: (lp) => lp.kind as LegalPersonKind,
  status: (lp) => lp.status as LegalPersonStatus,
  registrationAuthority: (lp) => REGISTRATION_AUTHORITIES[lp.uscc[0]!] as RegistrationAuthority,
  organizationCode: (lp) => usccParts(lp.uscc).organizationCode,
  region: (lp) => ({ code: lp.divisionCode, name: divisionName(lp.divisionCode) }),
  industry: (lp) => (lp.industryCode ? { code: lp.industryCode, name: INDUSTRY_SECTIONS[lp.industryCode] ?? lp.industryCode } : null),
};
