import { toGlobalId } from '../../kernel/global-id.ts';
import { lifecycleResolvers } from '../../kernel/lifecycle/history.ts';
import { maskPersonName } from '../../kernel/id-number.ts';
import type { RecordStatus, AdministrativeLicenceResolvers, LicenceCategory, SubjectCategory } from '../generated/resolvers-types.ts';

export const AdministrativeLicence: AdministrativeLicenceResolvers = {
  id: (row) => toGlobalId('government', 'AdministrativeLicence', row.id),
  // A natural person's full name is personal information: the decision shows it masked.
  subjectName: (row) => (row.subjectPersonId ? maskPersonName(row.subjectName) : row.subjectName),
  subjectCategory: (row) => row.subjectCategory as SubjectCategory,
  licenceCategory: (row) => row.licenceCategory as LicenceCategory,
  authority: (row) => ({ name: row.authorityName, uscc: row.authorityUscc }),
  dataSource: (row) => ({ name: row.sourceName, uscc: row.sourceUscc }),
  ...(lifecycleResolvers('AdministrativeLicence') as Pick<AdministrativeLicenceResolvers, 'status' | 'statusHistory' | 'underObjection'>),
  publishedLate: (row) => (row.publishedDate && row.publicationDeadline ? row.publishedDate > row.publicationDeadline : null),
};
