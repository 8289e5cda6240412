/**
 * What a domain subgraph knows of the entities platform owns: only their keys. The gateway sends
 * these in `_entities`; domain fields load their records by the key.
 */
export interface LegalPersonRef {
  uscc: string;
}

export interface NaturalPersonRef {
  id: string;
}

/**
 * A sanctions check case as the domains see it: its key, naming exactly one subject. A case of a
 * legal person comes with `subjectPersonId` null (or absent, from callers of the older key).
 */
export interface SanctionCaseRef {
  id: string;
  subjectUscc?: string | null;
  subjectPersonId?: string | null;
}

/** The key fields of a case reference, nothing else from it. */
export function sanctionCaseRef(ref: SanctionCaseRef): SanctionCaseRef {
  return { id: ref.id, subjectUscc: ref.subjectUscc ?? null, subjectPersonId: ref.subjectPersonId ?? null };
}

/** A domain's listings of a case's subject, through the loader of its kind (batched over the cases). */
export function caseSubjectListings<T>(c: SanctionCaseRef, loaders: { listingsOfLegalPerson: { load(uscc: string): Promise<T> }; listingsOfPerson: { load(id: string): Promise<T> } }): Promise<T> {
  if (c.subjectUscc) return loaders.listingsOfLegalPerson.load(c.subjectUscc);
  if (c.subjectPersonId) return loaders.listingsOfPerson.load(c.subjectPersonId);
  return Promise.reject(new Error('a sanctions case reference names no subject'));
}
