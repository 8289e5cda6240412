import type { CreditAgencyResolvers, CreditAgencyStatus, CreditAgencyViolationResolvers } from '../generated/resolvers-types.ts';

export const CreditAgency: CreditAgencyResolvers = {
  status: (a) => a.status as CreditAgencyStatus,
  violations: (a, _args, ctx) => ctx.loaders.agencyViolations.load(a.uscc),
};

export const CreditAgencyViolation: CreditAgencyViolationResolvers = {
  recordedAt: (v) => v.recordedAt.toISOString(),
};
