/**
 * What is measured: the scenarios, the four contestants, and the exact request each contestant
 * gets for a subject (or a list of subjects, or a search text).
 *
 * Contestants:
 *   ours    our gateway (gateway/src/index.ts, @apollo/gateway + undici fetcher), the whole query
 *   hive    Hive Gateway 2.15.1 (CLI, default configuration + header forwarding), the whole query
 *   direct  the owning subgraph called directly, with only the part of the query it owns (below)
 *   floor   bench/floor-server.ts: the whole answer by hand-written SQL (postgres.js + node:http)
 */

export const CONTESTANTS = ['ours', 'hive', 'direct', 'floor'] as const;
export type ContestantId = (typeof CONTESTANTS)[number];
export const CONTESTANT_LABEL: Record<ContestantId, string> = {
  ours: '(a) our gateway',
  hive: '(b) Hive Gateway',
  direct: '(c) owning subgraph, direct',
  floor: '(d) floor: SQL + node:http',
};

export const SCENARIOS = ['profile-public', 'profile-platform', 'profile-authorized', 'batch', 'search', 'sanctions'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];
export type Workload = 'distinct' | 'identical';

/** The profile (gateway/src/query-page.ts EXAMPLE_QUERY): one subject, fields from all five subgraphs. */
export const PROFILE_QUERY = `query Profile($uscc: String!) {
  legalPerson(uscc: $uscc) {
    uscc name kind region { name } industry { name } status legalRepresentative
    administrativePenalties(first: 5) { totalCount edges { node { documentNumber decisionDate penaltyContent fineAmount authority { name } } } }
    administrativeLicences(first: 5) { totalCount edges { node { documentName licenceCategory decisionDate } } }
    publishedTaxCreditRatings(first: 3) { edges { node { year grade } } }
    wageArrearsRecords(first: 3) { edges { node { amountOwed settlementStatus } } }
    dishonestDebtorRecords(first: 3) { edges { node { caseNumber courtName listingStatus } } }
  }
}`;

/** The profile as a credit agency with the subject's consent reads it: + the full tax history. */
export const PROFILE_AUTHORIZED_QUERY = PROFILE_QUERY.replace(
  'dishonestDebtorRecords(first: 3)',
  'taxCreditRatings(first: 5) { totalCount edges { node { year grade } } }\n    dishonestDebtorRecords(first: 3)',
);

/** (c) for the profile: the platform subgraph's own part of it. */
export const DIRECT_PROFILE_QUERY = `query Profile($uscc: String!) {
  legalPerson(uscc: $uscc) { uscc name kind region { name } industry { name } status legalRepresentative }
}`;

/** (c) for the authorized profile: the business subgraph, owner of the protected field, as the gateway calls it. */
export const DIRECT_AUTHORIZED_QUERY = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on LegalPerson {
      taxCreditRatings(first: 5) { totalCount edges { node { year grade } } }
      publishedTaxCreditRatings(first: 3) { edges { node { year grade } } }
    }
  }
}`;

/** Batch check: 1,000 codes with their listings (失信被执行人, 欠薪) and their penalty count. */
export const BATCH_QUERY = `query Batch($usccs: [String!]!) {
  legalPersons(usccs: $usccs) {
    uscc name status
    dishonestDebtorRecords(first: 3) { totalCount edges { node { caseNumber listingStatus } } }
    wageArrearsRecords(first: 3) { totalCount edges { node { settlementStatus } } }
    administrativePenalties(first: 1) { totalCount }
  }
}`;

/** (c) for the batch: the platform subgraph's part (the registry rows of the 1,000 codes). */
export const DIRECT_BATCH_QUERY = `query Batch($usccs: [String!]!) { legalPersons(usccs: $usccs) { uscc name status } }`;

/** Fuzzy name search; every field is the platform's, so (c) gets exactly this query. */
export const SEARCH_QUERY = `query Search($q: String!) {
  searchLegalPersons(query: $q, first: 10) {
    totalCount
    edges { matchedBy score node { uscc name region { name } status } }
  }
}`;

/**
 * 批量比对: a department (dl-market) checks 1,000 codes for a scenario. Every call opens 1,000
 * cases; platform reads each domain's listings of the 1,000 itself (one `_entities` call per
 * domain) and records them with the measures. Only the case ids vary between calls (the
 * comparison leaves them out).
 */
export const SANCTIONS_QUERY = `mutation Sanctions($usccs: [String!]!) {
  sanctionsCheckBatch(input: { usccs: $usccs, scenario: ADMINISTRATIVE_APPROVAL }) {
    checked rejected
    results { index status problems { reason } case { id subjectUscc scenario measures { measureId action listName listing { rule since until evidenceRecordIds } } } }
  }
}`;

/**
 * Contestants that have something to run in a scenario (the floor has no sanctions check, and
 * none for the platform part of the profile alone: it measures the gateway hop, not the SQL).
 */
export function takesPart(scenario: ScenarioId, contestant: ContestantId): boolean {
  return !((scenario === 'sanctions' || scenario === 'profile-platform') && contestant === 'floor');
}

export const BATCH_SIZE = 1000;

export interface Endpoints {
  ours: string;
  hive: string;
  platform: string;
  business: string;
  floor: string;
}

export interface RequestShape {
  url: string;
  /** Builds the body for one item (a USCC, a list of USCCs, a search text). */
  body: (item: string | string[]) => string;
  authorized: boolean;
  /** Sent with a department's token (sanctions checks). */
  department?: boolean;
}

const gql = (query: string, variables: (item: string | string[]) => Record<string, unknown>) => (item: string | string[]) =>
  JSON.stringify({ query, variables: variables(item) });

/** The request a contestant gets in a scenario. */
export function requestFor(scenario: ScenarioId, contestant: ContestantId, ep: Endpoints): RequestShape {
  const front = contestant === 'ours' ? ep.ours : ep.hive;
  const authorized = scenario === 'profile-authorized';
  switch (scenario) {
    case 'profile-public':
    case 'profile-authorized': {
      const query = authorized ? PROFILE_AUTHORIZED_QUERY : PROFILE_QUERY;
      if (contestant === 'floor') {
        return { url: `${ep.floor}/${authorized ? 'profile-authorized' : 'profile'}`, body: (u) => JSON.stringify({ uscc: u }), authorized };
      }
      if (contestant === 'direct') {
        return authorized
          ? { url: ep.business, body: gql(DIRECT_AUTHORIZED_QUERY, (u) => ({ representations: [{ __typename: 'LegalPerson', uscc: u }] })), authorized }
          : { url: ep.platform, body: gql(DIRECT_PROFILE_QUERY, (u) => ({ uscc: u })), authorized };
      }
      return { url: front, body: gql(query, (u) => ({ uscc: u })), authorized };
    }
    case 'profile-platform':
      // The same single-subgraph query through each front: the gateway hop, like for like.
      if (contestant === 'floor') throw new Error('the floor has no platform-only profile');
      return { url: contestant === 'direct' ? ep.platform : front, body: gql(DIRECT_PROFILE_QUERY, (u) => ({ uscc: u })), authorized };
    case 'batch':
      if (contestant === 'floor') return { url: `${ep.floor}/batch`, body: (codes) => JSON.stringify({ usccs: codes }), authorized };
      if (contestant === 'direct') return { url: ep.platform, body: gql(DIRECT_BATCH_QUERY, (codes) => ({ usccs: codes })), authorized };
      return { url: front, body: gql(BATCH_QUERY, (codes) => ({ usccs: codes })), authorized };
    case 'search':
      if (contestant === 'floor') return { url: `${ep.floor}/search`, body: (q) => JSON.stringify({ q }), authorized };
      return { url: contestant === 'direct' ? ep.platform : front, body: gql(SEARCH_QUERY, (q) => ({ q })), authorized };
    case 'sanctions':
      if (contestant === 'floor') throw new Error('the floor has no sanctions check');
      if (contestant === 'direct') return { url: ep.platform, body: gql(SANCTIONS_QUERY, (codes) => ({ usccs: codes })), authorized, department: true };
      return { url: front, body: gql(SANCTIONS_QUERY, (codes) => ({ usccs: codes })), authorized, department: true };
  }
}

/** What (c) measures in each scenario, for the report. */
export const DIRECT_MEANS: Record<ScenarioId, string> = {
  'profile-public':
    'the platform subgraph (owner of `legalPerson`) answering only its own part: `legalPerson(uscc) { uscc name kind region industry status legalRepresentative }` — one of the five subgraph calls the gateway makes, so it does less than (a)/(b)/(d)',
  'profile-platform':
    'the platform subgraph answering exactly the same query (every field of it is the platform\'s): like for like, the difference is the gateway hop — parsing, planning, authorization, one subgraph call and the answer passed back',
  'profile-authorized':
    'the business subgraph (owner of the protected `taxCreditRatings`) answering `_entities` for the subject with `taxCreditRatings(first: 5)` and `publishedTaxCreditRatings(first: 3)`, with the agency token: token check, consent check, access registration — one of the five subgraph calls, so it does less than (a)/(b)/(d)',
  batch:
    'the platform subgraph answering `legalPersons(usccs: [1,000 codes]) { uscc name status }` — the registry part only; the listings come from three other subgraphs',
  search: 'the platform subgraph answering exactly the same `searchLegalPersons` query (search is single-subgraph): a like-for-like measure of the gateway overhead',
  sanctions:
    'the platform subgraph answering the same `sanctionsCheckBatch`: it does the whole check itself (reads the four domains\' listings through their `_entities`, records cases and measures), so like for like with (a)/(b)',
};

export const SCENARIO_TITLE: Record<ScenarioId, string> = {
  'profile-public': 'Profile, public caller (no token)',
  'profile-platform': 'Profile, the platform subgraph\'s part only (one subgraph, public): the gateway hop, like for like',
  'profile-authorized': 'Profile, credit agency with consent (authorized token, x-query-purpose: LOAN_APPROVAL)',
  batch: 'Batch check: `legalPersons` of 1,000 codes with listings',
  search: 'Fuzzy name search over the registry',
  sanctions: 'Sanctions check (批量比对): `sanctionsCheckBatch` of 1,000 codes by a department, measures recorded on each case',
};

export const SCENARIO_QUERY: Record<ScenarioId, string> = {
  'profile-public': PROFILE_QUERY,
  'profile-platform': DIRECT_PROFILE_QUERY,
  'profile-authorized': PROFILE_AUTHORIZED_QUERY,
  batch: BATCH_QUERY,
  search: SEARCH_QUERY,
  sanctions: SANCTIONS_QUERY,
};
