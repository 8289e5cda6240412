import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/kernel/config.ts';
import { type Database, rows } from '../../subgraphs/kernel/db.ts';
import type { RunningStack } from '../../src/stack.ts';
import { openTestDatabase } from '../support/database.ts';
import { post, startTestStack } from '../support/stack.ts';

let database: Database;
let closeDb: () => Promise<void>;
let stack: RunningStack;

beforeAll(async () => {
  ({ database, close: closeDb } = await openTestDatabase());
  stack = await startTestStack(database);
});

afterAll(async () => {
  await stack?.close();
  await closeDb?.();
});

const PROFILE = `query($u: [String!]!) { legalPersons(usccs: $u) {
  uscc name region { name }
  administrativePenalties(first: 3) { totalCount edges { node { id documentNumber } } }
  administrativeLicences(first: 3) { totalCount edges { node { id } } }
  taxCreditRatings(first: 3) { totalCount edges { node { year grade } } }
  wageArrearsRecords(first: 3) { totalCount edges { node { amountOwed } } }
  dishonestDebtorRecords(first: 3) { totalCount edges { node { caseNumber } } }
} }`;

async function statementsFor(usccs: string[]): Promise<{ perSubgraph: Record<string, number>; data: any }> {
  for (const name of SUBGRAPH_NAMES) database.counter(name).reset();
  const { body } = await post(stack.gatewayUrl, PROFILE, { u: usccs });
  expect(body.errors).toBeUndefined();
  return { perSubgraph: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, database.counter(n).count])), data: body.data };
}

describe('SQL statements per request do not grow with the number of subjects', () => {
  it('costs the same statements per subgraph for 100 subjects as for 1', async () => {
    // 100 enterprises, the showcase first, so every domain has records to load.
    const others = await rows<{ uscc: string }>(
      database.drizzle('test'),
      sql`select uscc from platform.legal_person where kind = 'ENTERPRISE' and uscc <> ${SHOWCASE.enterprise.uscc} order by uscc limit 99`,
    );
    const hundred = [SHOWCASE.enterprise.uscc, ...others.map((r) => r.uscc)];
    expect(hundred).toHaveLength(100);

    const one = await statementsFor([SHOWCASE.enterprise.uscc]);
    const many = await statementsFor(hundred);

    expect(many.data.legalPersons).toHaveLength(100);
    for (const name of SUBGRAPH_NAMES) expect(one.perSubgraph[name], name).toBeGreaterThan(0);
    expect(many.perSubgraph).toEqual(one.perSubgraph);
    // The work was real: the hundred carry records in every domain.
    const sum = (field: string) => many.data.legalPersons.reduce((n: number, p: any) => n + p[field].totalCount, 0);
    for (const field of ['administrativePenalties', 'administrativeLicences', 'taxCreditRatings', 'wageArrearsRecords', 'dishonestDebtorRecords']) {
      expect(sum(field), field).toBeGreaterThan(0);
    }
  });
});
