import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { upsertAgency } from '../../subgraphs/kernel/access/agencies.ts';
import { grantConsent } from '../../subgraphs/kernel/access/consents.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/kernel/config.ts';
import { type Database, rows } from '../../subgraphs/kernel/db.ts';
import { post, useTestStack } from '../support/stack.ts';

const t = useTestStack();

const PROFILE = `query($u: [String!]!) { legalPersons(usccs: $u) {
  uscc name region { name }
  administrativePenalties(first: 3) { totalCount edges { node { id documentNumber status underObjection statusHistory { status } } } }
  administrativeLicences(first: 3) { totalCount edges { node { id } } }
  taxCreditRatings(first: 3) { totalCount edges { node { year grade } } }
  wageArrearsRecords(first: 3) { totalCount edges { node { amountOwed } } }
  dishonestDebtorRecords(first: 3) { totalCount edges { node { caseNumber } } }
  creditListings { listType listName }
  creditEvaluation { score grade contributions { points rule { code } evidence { recordId description } } }
} }`;

const AGENCY = '91350100M000100Y43';

interface Statements {
  perSubgraph: Record<string, number>;
  /** Each subgraph's statement texts, sorted (loaders in one tick may run in either order). */
  texts: Record<string, string[]>;
  data: any;
}

async function statementsFor(usccs: string[], token: string): Promise<Statements> {
  for (const name of SUBGRAPH_NAMES) {
    t.database.counter(name).keepTexts();
    t.database.counter(name).reset();
  }
  const { body } = await post(t.stack.gatewayUrl, PROFILE, { u: usccs }, { authorization: `Bearer ${token}`, 'x-query-purpose': 'LOAN_APPROVAL' });
  expect(body.errors).toBeUndefined();
  return {
    perSubgraph: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, t.database.counter(n).count])),
    texts: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, [...t.database.counter(n).texts!].sort()])),
    data: body.data,
  };
}

describe('SQL statements per request do not grow with the number of subjects', () => {
  it('costs the same statements per subgraph for 100 subjects as for 1, consent checks included', async () => {
    // 100 enterprises, the showcase first, so every domain has records to load.
    const others = await rows<{ uscc: string }>(
      t.database.drizzle('test'),
      sql`select uscc from platform.legal_person where kind = 'ENTERPRISE' and uscc <> ${SHOWCASE.enterprise.uscc} order by uscc limit 99`,
    );
    const hundred = [SHOWCASE.enterprise.uscc, ...others.map((r) => r.uscc)];
    expect(hundred).toHaveLength(100);
    // An agency reading the authorized tax history of all of them, each with a live consent.
    const db = t.database.drizzle('test');
    await upsertAgency(db, { uscc: AGENCY, name: '测试征信有限公司', licenceNumber: 'ZX-TEST-1', allowedPurposes: ['LOAN_APPROVAL'] });
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    for (const uscc of hundred) await grantConsent(db, { subjectType: 'LEGAL_PERSON', subjectId: uscc, agencyUscc: AGENCY, purpose: 'LOAN_APPROVAL', expiresAt });
    const token = await t.auth.token('agency', AGENCY);

    const one = await statementsFor([SHOWCASE.enterprise.uscc], token);
    const many = await statementsFor(hundred, token);

    expect(many.data.legalPersons).toHaveLength(100);
    for (const name of SUBGRAPH_NAMES) expect(one.perSubgraph[name], name).toBeGreaterThan(0);
    expect(many.perSubgraph).toEqual(one.perSubgraph);
    // The very same texts, not just as many: the subjects travel as one array parameter, so
    // PostgreSQL parses and plans a prepared statement once, not once per list length.
    expect(many.texts).toEqual(one.texts);
    const pagerTexts = Object.values(many.texts).flat().filter((text) => text.includes('row_number() over'));
    expect(pagerTexts.length).toBeGreaterThanOrEqual(5);
    for (const text of Object.values(many.texts).flat()) expect(text).not.toMatch(/ in \(\$\d+, \$\d+/);
    // The work was real: the hundred carry records in every domain.
    const sum = (field: string) => many.data.legalPersons.reduce((n: number, p: any) => n + p[field].totalCount, 0);
    for (const field of ['administrativePenalties', 'administrativeLicences', 'taxCreditRatings', 'wageArrearsRecords', 'dishonestDebtorRecords']) {
      expect(sum(field), field).toBeGreaterThan(0);
    }
    // Every subject was evaluated, from facts of every domain.
    const contributions = many.data.legalPersons.flatMap((p: any) => p.creditEvaluation.contributions);
    expect(contributions.length).toBeGreaterThan(50);
    expect(new Set(many.data.legalPersons.map((p: any) => p.creditEvaluation.grade)).size).toBeGreaterThan(1);
  });
});

describe('identical anonymous requests in flight', () => {
  it('share their subgraph calls, so ten cost far fewer statements than ten times one', async () => {
    const query = `{ legalPerson(uscc: "${SHOWCASE.enterprise.uscc}") { name administrativePenalties { totalCount } publishedTaxCreditRatings { totalCount } } }`;
    const count = () => ['platform', 'government', 'business'].reduce((n, s) => n + t.database.counter(s).count, 0);
    for (const s of SUBGRAPH_NAMES) t.database.counter(s).reset();
    await post(t.stack.gatewayUrl, query);
    const one = count();
    for (const s of SUBGRAPH_NAMES) t.database.counter(s).reset();
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(t.stack.gatewayUrl, query)));
    for (const a of answers) expect(a.body.data.legalPerson.name).toBe(SHOWCASE.enterprise.name);
    expect(count()).toBeLessThan(10 * one);
  });
});
