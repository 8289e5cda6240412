import { recordViolation, setAgencyStatus, upsertAgency } from '../../kernel/access/agencies.ts';
import { grantConsent, revokeConsent } from '../../kernel/access/consents.ts';
import { upsertDepartment } from '../../kernel/access/departments.ts';
import type { Caller } from '../../kernel/auth/evaluate.ts';
import { badUserInput, codedError } from '../../kernel/errors.ts';
import { parseUsccArgument } from '../../kernel/uscc.ts';
import type { CreditDomain, MutationResolvers } from '../generated/resolvers-types.ts';
import { sanctionMutations } from './sanctions-mutations.ts';

/** The calling subject; the SDL's `self` policy already let only subjects through. */
function self(caller: Caller): { subjectType: 'LEGAL_PERSON' | 'NATURAL_PERSON'; subjectId: string } {
  const { principal } = caller;
  if (principal.kind !== 'subject' || !principal.id || !principal.subjectType) throw codedError('FORBIDDEN', 'only a subject may manage its consents');
  return { subjectType: principal.subjectType, subjectId: principal.id };
}

export const Mutation: MutationResolvers = {
  ...sanctionMutations,

  grantConsent: async (_p, { input }, ctx) => ({
    consent: await grantConsent(ctx.db, {
      ...self(ctx.caller),
      agencyUscc: parseUsccArgument(input.agencyUscc, 'input.agencyUscc'),
      purpose: input.purpose,
      expiresAt: input.expiresAt,
    }),
  }),

  revokeConsent: async (_p, { input }, ctx) => ({ consent: await revokeConsent(ctx.db, input.id, self(ctx.caller).subjectId) }),

  registerCreditAgency: async (_p, { input }, ctx) => ({
    agency: await upsertAgency(ctx.db, { ...input, uscc: parseUsccArgument(input.uscc, 'input.uscc') }),
  }),

  setCreditAgencyStatus: async (_p, { input }, ctx) => ({
    agency: await setAgencyStatus(ctx.db, parseUsccArgument(input.uscc, 'input.uscc'), input.status, input.reason?.trim() || null),
  }),

  registerDepartment: async (_p, { input }, ctx) => {
    // CROSS_REGION marks partner cities' results; no department submits records to it.
    const cross = input.writeDomains.indexOf('CROSS_REGION');
    if (cross >= 0) throw badUserInput(`input.writeDomains.${cross}`, 'NOT_A_RECORD_DOMAIN', 'partner results arrive through mutual recognition, not from departments');
    const row = await upsertDepartment(ctx.db, {
      code: input.code,
      name: input.name,
      uscc: parseUsccArgument(input.uscc, 'input.uscc'),
      writeDomains: input.writeDomains.map((d) => d.toLowerCase()),
    });
    return { department: { code: row.code, name: row.name, uscc: row.uscc }, writeDomains: row.writeDomains.map((d) => d.toUpperCase() as CreditDomain) };
  },

  recordCreditAgencyViolation: async (_p, { input }, ctx) => {
    const agencyUscc = parseUsccArgument(input.agencyUscc, 'input.agencyUscc');
    await recordViolation(ctx.db, { agencyUscc, occurredOn: input.occurredOn, description: input.description, recordedBy: ctx.caller.principal.id ?? 'unknown' });
    return { agency: (await ctx.loaders.agency.load(agencyUscc))! };
  },
};
