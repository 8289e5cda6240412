import type { CreditListing } from '../kernel/listings.ts';
import type { Peers, Representation } from '../kernel/peers.ts';
import type { CaseSubject } from './sanctions-store.ts';
import { LISTING_DOMAINS, type ListingsOfDomains } from './sanctions.ts';

/** The listing fields a check records: the same ones `creditListings` requires of each domain. */
const LISTING_FIELDS = 'listType listName rule domain since until evidenceRecordIds authorityName authorityUscc';

const representation = (s: CaseSubject): Representation => (s.uscc ? { __typename: 'LegalPerson', uscc: s.uscc } : { __typename: 'NaturalPerson', id: s.personId });

/**
 * Every domain's listings of the subjects, read from the domains themselves at this moment: one
 * `_entities` call per domain for all subjects, the four in parallel. A sanctions check records
 * what it read, so it must read it itself — listings brought by the gateway only when a caller
 * happened to select them would leave a case without its evidence. Any domain that cannot
 * answer fails the whole read (SERVICE_UNAVAILABLE): a check must never record "no listings".
 */
export async function listingsOfSubjects(peers: Peers, subjects: readonly CaseSubject[]): Promise<ListingsOfDomains[]> {
  const representations = subjects.map(representation);
  const answers = await Promise.all(
    LISTING_DOMAINS.map((domain) => {
      const field = `${domain}Listings`;
      const selection = `... on LegalPerson { ${field} { ${LISTING_FIELDS} } } ... on NaturalPerson { ${field} { ${LISTING_FIELDS} } }`;
      return peers.entities<Record<string, CreditListing[] | null>>(domain, representations, selection);
    }),
  );
  return subjects.map((_s, i) => {
    const of: ListingsOfDomains = {};
    LISTING_DOMAINS.forEach((domain, d) => {
      const key = `${domain}Listings` as const;
      // A subject the domain does not know comes back null: it has no listings there.
      of[key] = answers[d]![i]?.[key] ?? [];
    });
    return of;
  });
}
