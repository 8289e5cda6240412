import type { CallerKind, QueryRecordResolvers, SubjectType } from '../generated/resolvers-types.ts';

export const QueryRecord: QueryRecordResolvers = {
  callerKind: (r) => r.callerKind.toUpperCase() as CallerKind,
  subjectType: (r) => r.subjectType as SubjectType,
  accessedAt: (r) => r.accessedAt.toISOString(),
};
