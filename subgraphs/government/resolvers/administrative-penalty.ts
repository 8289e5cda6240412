import { toGlobalId } from '../../kernel/global-id.ts';
import { lifecycleResolvers } from '../../kernel/lifecycle/history.ts';
import { maskPersonName } from '../../kernel/id-number.ts';
import type { RecordStatus, Severity, AdministrativePenaltyResolvers, PenaltyCategory, SubjectCategory } from '../generated/resolvers-types.ts';

export const AdministrativePenalty: AdministrativePenaltyResolvers = {
  id: (row) => toGlobalId('government', 'AdministrativePenalty', row.id),
  // A natural person's full name is personal information: the decision shows it masked.
  subjectName: (row) => (row.subjectPersonId ? maskPersonName(row.subjectName) : row.subjectName),
  subjectCategory: (row) => row.subjectCategory as SubjectCategory,
  penaltyCategories: (row) => row.penaltyCategories as PenaltyCategory[],
  authority: (row) => ({ name: row.authorityName, uscc: row.authorityUscc }),
  dataSource: (row) => ({ name: row.sourceName, uscc: row.sourceUscc }),
  severity: (row) => row.severity as Severity,
  ...(lifecycleResolvers('AdministrativePenalty') as Pick<AdministrativePenaltyResolvers, 'status' | 'statusHistory' | 'underObjection'>),
  publishedLate: (row) => (row.publishedDate && row.publicationDeadline ? row.publishedDate > row.publicationDeadline : null),
};
