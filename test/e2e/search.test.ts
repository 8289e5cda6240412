import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { rows } from '../../subgraphs/kernel/db.ts';
import { encodeCursor } from '../../subgraphs/kernel/pagination.ts';
import { nameSearchStatement, SEARCH_COUNT_CAP } from '../../subgraphs/platform/store.ts';
import { post, useTestStack } from '../support/stack.ts';

const t = useTestStack();

const SEARCH = `query($q: String!, $first: Int, $after: String) { searchLegalPersons(query: $q, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor matchedBy score node { uscc name } } } }`;

interface Edge {
  cursor: string;
  matchedBy: string;
  score: number;
  node: { uscc: string; name: string };
}

async function search(q: string, first = 20, after?: string) {
  const { body } = await post(t.stack.gatewayUrl, SEARCH, { q, first, after });
  expect(body.errors).toBeUndefined();
  return body.data.searchLegalPersons as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Edge[] };
}

/** What a plain scan of the registry says: every name containing `text`, case-insensitively. */
async function namesContaining(text: string): Promise<string[]> {
  const found = await rows<{ uscc: string }>(t.database.drizzle('test'), sql`select uscc from platform.legal_person where strpos(lower(name), lower(${text})) > 0`);
  return found.map((r) => r.uscc);
}

describe('name search of two characters (too short for trigrams)', () => {
  const text = SHOWCASE.enterprise.name.slice(2, 4); // 港湾 of 大连港湾示范科技有限公司
  let containing: string[];
  beforeAll(async () => {
    containing = await namesContaining(text);
  });

  it('finds every name containing the text, scored by how much of the name it covers, best first', async () => {
    expect(containing.length).toBeGreaterThan(0);
    expect(containing.length).toBeLessThan(SEARCH_COUNT_CAP);
    const all: Edge[] = [];
    let after: string | undefined;
    do {
      const page = await search(text, 100, after);
      all.push(...page.edges);
      expect(page.totalCount).toBeGreaterThanOrEqual(containing.length);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor! : undefined;
    } while (after);
    const found = new Set(all.map((e) => e.node.uscc));
    for (const uscc of containing) expect(found.has(uscc), uscc).toBe(true);
    expect(found.has(SHOWCASE.enterprise.uscc)).toBe(true);
    for (const e of all) {
      expect(e.matchedBy).toBe('NAME');
      if (e.node.name.includes(text)) expect(e.score).toBeGreaterThanOrEqual(Math.round((0.5 + 0.5 * 2 / [...e.node.name].length) * 1000) / 1000 - 0.001);
    }
    for (let i = 1; i < all.length; i++) expect(all[i]!.score).toBeLessThanOrEqual(all[i - 1]!.score);
  });

  it('matches case-insensitively, like longer texts', async () => {
    await rows(t.database.drizzle('test'), sql`insert into platform.legal_person (uscc, name, kind, division_code) values ('91210202TQX0000001', '大连Qx软件有限公司', 'ENTERPRISE', '210202')`);
    for (const pair of ['qx', 'QX', 'Qx']) {
      const page = await search(pair, 100);
      expect(page.edges.map((e) => e.node.uscc), pair).toContain('91210202TQX0000001');
    }
  });

  it('reads the two-character index, not the whole registry', async () => {
    // The test registry is small enough for a scan to be cheapest: forbid it, so the plan shows
    // whether an index can serve the search at all.
    const plan = await t.database.drizzle('test').transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const lines = await rows<Record<string, string>>(tx as never, sql`explain ${nameSearchStatement(text, 0, 11)}`);
      return lines.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('legal_person_name_bigrams');
    expect(plan).not.toMatch(/Seq Scan on legal_person/);
  });
});

describe('a text in more names than are counted', () => {
  const BROAD = '测验';
  beforeAll(async () => {
    // The seeded registry is small: add more names holding one text than the search counts.
    await rows(
      t.database.drizzle('test'),
      sql`insert into platform.legal_person (uscc, name, kind, division_code)
          select '91210202T' || lpad(i::text, 9, '0'), '大连' || ${BROAD} || i || '号商贸有限公司', 'ENTERPRISE', '210202'
          from generate_series(1, ${SEARCH_COUNT_CAP + 100}) as i`,
    );
  });

  it('counts up to the cap, pages through ranked matches without repeats, and every one contains the text', async () => {
    const containing = await namesContaining(BROAD);
    expect(containing.length).toBeGreaterThan(SEARCH_COUNT_CAP);
    const first = await search(BROAD, 100);
    expect(first.totalCount).toBe(SEARCH_COUNT_CAP);
    const second = await search(BROAD, 100, first.pageInfo.endCursor!);
    const seen = [...first.edges, ...second.edges];
    expect(new Set(seen.map((e) => e.node.uscc)).size).toBe(200);
    for (const e of seen) expect(e.node.name).toContain(BROAD);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.score).toBeLessThanOrEqual(seen[i - 1]!.score);
    // Past the counted matches nothing is paged.
    const last = encodeCursor([SEARCH_COUNT_CAP - 1]);
    const { body } = await post(t.stack.gatewayUrl, SEARCH, { q: BROAD, first: 5, after: last });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('finds a rare four-character text exactly as before', async () => {
    const text = SHOWCASE.enterprise.name.slice(2, 6);
    const page = await search(text, 5);
    expect(page.edges.map((e) => e.node.uscc)).toContain(SHOWCASE.enterprise.uscc);
    expect(page.totalCount).toBeGreaterThanOrEqual((await namesContaining(text)).length);
  });
});
