import { divisionName } from '../../kernel/divisions.ts';
import { INDUSTRY_SECTIONS } from '../../kernel/industries.ts';
import { REGISTRATION_AUTHORITIES, usccParts } from '../../kernel/uscc.ts';
import type { LegalPersonKind, LegalPersonResolvers, LegalPersonStatus, RegistrationAuthority } from '../generated/resolvers-types.ts';

export const LegalPerson: LegalPersonResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.legalPerson.load(ref.uscc),
  kind: (lp) => lp.kind as LegalPersonKind,
  status: (lp) => lp.status as LegalPersonStatus,
  registrationAuthority: (lp) => REGISTRATION_AUTHORITIES[lp.uscc[0]!] as RegistrationAuthority,
  organizationCode: (lp) => usccParts(lp.uscc).organizationCode,
  region: (lp) => ({ code: lp.divisionCode, name: divisionName(lp.divisionCode) }),
  industry: (lp) => (lp.industryCode ? { code: lp.industryCode, name: INDUSTRY_SECTIONS[lp.industryCode] ?? lp.industryCode } : null),
};
