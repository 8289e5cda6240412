import type { CallerKind, IssuedCreditReportResolvers, ReportAccessLevel } from '../generated/resolvers-types.ts';

export const IssuedCreditReport: IssuedCreditReportResolvers = {
  uscc: (r) => r.subjectUscc,
  issuedAt: (r) => r.issuedAt.toISOString(),
  accessLevel: (r) => r.accessLevel as ReportAccessLevel,
  requestedByKind: (r) => r.callerKind as CallerKind,
  requestedById: (r) => r.callerId,
};
