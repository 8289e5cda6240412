import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import type { SubgraphName } from '../../subgraphs/kernel/config.ts';
import type { Database } from '../../subgraphs/kernel/db.ts';
import { type BuiltSubgraph, buildSubgraph } from '../../subgraphs/kernel/subgraph-server.ts';
import { testAuth } from '../support/auth.ts';
import { openTestDatabase } from '../support/database.ts';
import { SHOWCASE_PERSON_ID } from '../support/constants.ts';

let database: Database;
let closeDb: () => Promise<void>;
const built = new Map<SubgraphName, BuiltSubgraph<unknown>>();

beforeAll(async () => {
  ({ database, close: closeDb } = await openTestDatabase());
});

afterAll(async () => {
  for (const b of built.values()) await b.server.stop();
  await closeDb?.();
});

/** Runs an operation against one subgraph's own schema, as the gateway would call it. */
async function run(name: SubgraphName, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  let b = built.get(name);
  if (!b) {
    b = buildSubgraph(SUBGRAPHS[name], database, { verifier: (await testAuth()).verifier });
    await b.server.start();
    built.set(name, b);
  }
  const res = await b.server.executeOperation({ query, variables }, { contextValue: await b.context(headers) });
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const entities = (type: string, key: string, value: string, selection: string) =>
  `{ _entities(representations: [{ __typename: "${type}", ${key}: "${value}" }]) { ... on ${type} { ${selection} } } }`;

describe('platform subgraph', () => {
  it('resolves LegalPerson entities and derives kind, authority and region from the code', async () => {
    const r = await run('platform', entities('LegalPerson', 'uscc', SHOWCASE.socialOrganization.uscc, 'uscc name kind registrationAuthority organizationCode region { code name }'));
    expect(r.errors).toBeUndefined();
    const lp = r.data._entities[0];
    expect(lp.registrationAuthority).toBe('CIVIL_AFFAIRS');
    expect(['SOCIAL_ORGANIZATION', 'PRIVATE_NON_ENTERPRISE_UNIT', 'FOUNDATION']).toContain(lp.kind);
    expect(lp.organizationCode).toBe(SHOWCASE.socialOrganization.uscc.slice(8, 17));
    expect(lp.region.code).toBe(SHOWCASE.socialOrganization.uscc.slice(2, 8));
  });

  it('returns null for an unknown entity key', async () => {
    const r = await run('platform', entities('LegalPerson', 'uscc', '91350100M000100Y43', 'name'));
    expect(r.data._entities).toEqual([null]);
  });

  it('describes a public body', async () => {
    const r = await run('platform', `{ legalPerson(uscc: "${SHOWCASE.publicBody.uscc}") { kind registrationAuthority } }`);
    expect(r.data.legalPerson.registrationAuthority).toBe('ORGANIZATION_ESTABLISHMENT');
    expect(['GOVERNMENT_AGENCY', 'PUBLIC_INSTITUTION']).toContain(r.data.legalPerson.kind);
  });
});

describe('domain subgraphs extend LegalPerson with their own records', () => {
  it('government: penalties and licences with the national standard fields', async () => {
    const r = await run('government', entities('LegalPerson', 'uscc', SHOWCASE.enterprise.uscc, `
      administrativePenalties(first: 10) { totalCount edges { node { id subjectName subjectCategory subjectUscc documentNumber violationType
        violationFacts legalBasis penaltyCategories penaltyContent fineAmount decisionDate authority { name uscc } dataSource { name uscc } } } }
      administrativeLicences(first: 10) { totalCount edges { node { id documentName documentNumber licenceCategory content decisionDate validFrom validTo authority { uscc } } } }`));
    expect(r.errors).toBeUndefined();
    const { administrativePenalties: p, administrativeLicences: l } = r.data._entities[0];
    expect(p.totalCount).toBe(p.edges.length);
    expect(p.totalCount).toBeGreaterThanOrEqual(2);
    const first = p.edges[0].node;
    expect(first.subjectUscc).toBe(SHOWCASE.enterprise.uscc);
    expect(first.penaltyCategories.length).toBeGreaterThan(0);
    expect(first.decisionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if (first.fineAmount !== null) expect(first.fineAmount).toMatch(/^\d+\.\d{2}$/);
    const dates = p.edges.map((e: any) => e.node.decisionDate);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(l.totalCount).toBeGreaterThanOrEqual(2);
    expect(Buffer.from(first.id, 'base64url').toString()).toMatch(/^government:AdministrativePenalty:\d+$/);
  });

  it('business: tax credit ratings, newest year first; only A grades are public', async () => {
    const selection = 'taxCreditRatings { totalCount edges { node { year grade authority { name } publishedDate } } } publishedTaxCreditRatings { totalCount edges { node { grade } } }';
    const anonymous = await run('business', entities('LegalPerson', 'uscc', SHOWCASE.enterprise.uscc, selection));
    expect(anonymous.data._entities[0].taxCreditRatings).toBeNull();
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'LegalPerson.taxCreditRatings' });
    const published = anonymous.data._entities[0].publishedTaxCreditRatings;
    expect(published.totalCount).toBeGreaterThanOrEqual(1);
    for (const e of published.edges) expect(e.node.grade).toBe('A');

    const token = await (await testAuth()).token('department', 'dl-tax-bureau');
    const r = await run('business', entities('LegalPerson', 'uscc', SHOWCASE.enterprise.uscc, selection), {}, {
      authorization: `Bearer ${token}`,
      'x-query-purpose': 'CREDIT_SUPERVISION',
    });
    expect(r.errors).toBeUndefined();
    expect(r.data._entities[0].taxCreditRatings.totalCount).toBeGreaterThan(published.totalCount - 1);
    const years = r.data._entities[0].taxCreditRatings.edges.map((e: any) => e.node.year);
    expect(years.length).toBeGreaterThanOrEqual(2);
    expect([...years].sort((a: number, b: number) => b - a)).toEqual(years);
    for (const e of r.data._entities[0].taxCreditRatings.edges) expect(['A', 'B', 'M', 'C', 'D']).toContain(e.node.grade);
  });

  it('social: wage arrears with exact amounts', async () => {
    const r = await run('social', entities('LegalPerson', 'uscc', SHOWCASE.enterprise.uscc, 'wageArrearsRecords { totalCount edges { node { amountOwed workersAffected settlementStatus authority { name } } } }'));
    const node = r.data._entities[0].wageArrearsRecords.edges[0].node;
    expect(node.amountOwed).toMatch(/^\d+\.\d{2}$/);
    expect(node.workersAffected).toBeGreaterThan(0);
  });

  it('judicial: dishonest judgment debtors for legal and natural persons', async () => {
    const r = await run('judicial', entities('LegalPerson', 'uscc', SHOWCASE.enterprise.uscc, 'dishonestDebtorRecords { totalCount edges { node { courtName caseNumber performance listingStatus } } }'));
    expect(r.data._entities[0].dishonestDebtorRecords.totalCount).toBeGreaterThanOrEqual(1);
    const p = await run('judicial', entities('NaturalPerson', 'id', SHOWCASE_PERSON_ID, 'dishonestDebtorRecords { totalCount edges { node { subjectName subjectUscc } } }'));
    const node = p.data._entities[0].dishonestDebtorRecords.edges[0].node;
    expect(node.subjectUscc).toBeNull();
    expect(node.subjectName).toContain('*');
  });

  it('gives an empty list, not an error, for a subject without records', async () => {
    const r = await run('social', entities('LegalPerson', 'uscc', '91350100M000100Y43', 'wageArrearsRecords { totalCount edges { cursor } pageInfo { hasNextPage endCursor } }'));
    expect(r.data._entities[0].wageArrearsRecords).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});
