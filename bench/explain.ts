import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import postgres from 'postgres';
import { SUBGRAPHS } from '../subgraphs/index.ts';
import { createTokenVerifier } from '../subgraphs/kernel/auth/identity.ts';
import type { SubgraphName } from '../subgraphs/kernel/config.ts';
import { Database } from '../subgraphs/kernel/db.ts';
import { buildSubgraph } from '../subgraphs/kernel/subgraph-server.ts';
import type { ScenarioId } from './scenarios.ts';

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements the subgraphs really send. Each subgraph is built
 * in this process from its own module (the code the subgraph processes run), the subgraph calls
 * the gateway makes for a scenario are executed against it, every statement reaching postgres.js
 * is recorded with its parameters, and each one is explained on a warm cache inside a
 * transaction that is rolled back (the query-log INSERT included). Plans go to bench/explain/.
 */

interface Captured {
  query: string;
  params: unknown[];
  /** As the subgraph's client sent it: prepared (cached per connection) or unnamed. */
  prepare: boolean;
}

type ExplainScenario = ScenarioId | 'search-common' | 'search-broad';

export interface ExplainEntry {
  scenario: ExplainScenario;
  subgraph: SubgraphName;
  file: string;
  statement: string;
  planningMs: number | null;
  executionMs: number | null;
  jit: boolean;
  seqScans: string[];
  indexes: string[];
  sharedHit: number;
  sharedRead: number;
  /**
   * Whether the subgraph's client sends it prepared, and if so which plans PostgreSQL used over
   * eight executions on one connection (pg_prepared_statements): generic ones are not re-planned.
   */
  prepared: { generic: number; custom: number } | null;
}

interface Operation {
  subgraph: SubgraphName;
  query: string;
  variables: Record<string, unknown>;
}

const reps = (usccs: string[]) => usccs.map((uscc) => ({ __typename: 'LegalPerson', uscc }));

/** The subgraph operations behind each scenario, as the gateway's query plan sends them. */
function operations(scenario: ExplainScenario, subject: string, batch: string[], search: string): Operation[] {
  switch (scenario) {
    case 'profile-platform':
      return [{ subgraph: 'platform', query: 'query($u: String!) { legalPerson(uscc: $u) { uscc name kind region { name } industry { name } status legalRepresentative } }', variables: { u: subject } }];
    case 'profile-public':
    case 'profile-authorized': {
      const r = { representations: reps([subject]) };
      const tax = scenario === 'profile-authorized' ? 'taxCreditRatings(first: 5) { totalCount edges { node { year grade } } }' : '';
      return [
        { subgraph: 'platform', query: 'query($u: String!) { legalPerson(uscc: $u) { __typename uscc name kind region { name } industry { name } status legalRepresentative } }', variables: { u: subject } },
        {
          subgraph: 'government',
          query: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on LegalPerson {
            administrativePenalties(first: 5) { totalCount edges { node { documentNumber decisionDate penaltyContent fineAmount authority { name } } } }
            administrativeLicences(first: 5) { totalCount edges { node { documentName licenceCategory decisionDate } } } } } }`,
          variables: r,
        },
        { subgraph: 'business', query: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on LegalPerson { publishedTaxCreditRatings(first: 3) { edges { node { year grade } } } ${tax} } } }`, variables: r },
        { subgraph: 'social', query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on LegalPerson { wageArrearsRecords(first: 3) { edges { node { amountOwed settlementStatus } } } } } }', variables: r },
        { subgraph: 'judicial', query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on LegalPerson { dishonestDebtorRecords(first: 3) { edges { node { caseNumber courtName listingStatus } } } } } }', variables: r },
      ];
    }
    case 'batch': {
      const r = { representations: reps(batch) };
      return [
        { subgraph: 'platform', query: 'query($u: [String!]!) { legalPersons(usccs: $u) { __typename uscc name status } }', variables: { u: batch } },
        { subgraph: 'judicial', query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on LegalPerson { dishonestDebtorRecords(first: 3) { totalCount edges { node { caseNumber listingStatus } } } } } }', variables: r },
        { subgraph: 'social', query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on LegalPerson { wageArrearsRecords(first: 3) { totalCount edges { node { settlementStatus } } } } } }', variables: r },
        { subgraph: 'government', query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on LegalPerson { administrativePenalties(first: 1) { totalCount } } } }', variables: r },
      ];
    }
    case 'sanctions': {
      // The listings of the 1,000 subjects, as each domain answers them for the cases (same statements as for LegalPerson).
      const r = { representations: reps(batch) };
      const listing = 'listType listName rule domain since until evidenceRecordIds authorityName authorityUscc';
      return (['government', 'business', 'social', 'judicial'] as const).map((d) => ({
        subgraph: d,
        query: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on LegalPerson { ${d}Listings { ${listing} } } } }`,
        variables: r,
      }));
    }
    case 'search':
    case 'search-common':
    case 'search-broad':
      return [
        {
          subgraph: 'platform',
          query: 'query($q: String!) { searchLegalPersons(query: $q, first: 10) { totalCount edges { matchedBy score node { uscc name region { name } status } } } }',
          variables: { q: search },
        },
      ];
  }
}

class Rollback extends Error {}

function shortParams(params: unknown[]): string {
  return JSON.stringify(
    params.map((p) => (Array.isArray(p) && p.length > 5 ? [...p.slice(0, 5), `… ${p.length} values`] : typeof p === 'string' && p.length > 300 ? `${p.slice(0, 300)}… (${p.length} chars)` : p)),
  );
}

function firstWords(query: string): string {
  return query.replace(/\s+/g, ' ').trim().slice(0, 90);
}

export async function explainScenarios(options: {
  url: string;
  jwksPath: string;
  issuer: string;
  audience: string;
  outDir: string;
  subject: string;
  batch: string[];
  search: string;
  commonSearch: string;
  broadSearch: string;
  agencyToken: string;
  purpose: string;
  /** The run's scenarios; all when absent. */
  only?: readonly ScenarioId[];
  log: (line: string) => void;
}): Promise<ExplainEntry[]> {
  mkdirSync(options.outDir, { recursive: true });
  const explained = (file: string) => !options.only || options.only.some((s) => file.startsWith(`${s}--`) || (s === 'search' && (file.startsWith('search-common--') || file.startsWith('search-broad--'))));
  for (const f of readdirSync(options.outDir)) if (f.endsWith('.txt') && explained(f)) rmSync(`${options.outDir}/${f}`);
  let recording: Captured[] | null = null;
  const database = await Database.open({
    url: options.url,
    poolSize: 2,
    onStatement: ({ query, params, prepared }) => recording?.push({ query, params, prepare: prepared }),
  });
  const client = (database as unknown as { sqlClient: postgres.Sql }).sqlClient;
  // EXPLAIN through the subgraphs' own client: drizzle adjusts its (de)serializers (json passes
  // through as text), so the parameters are typed exactly as when the subgraph sent them.
  const explainer = client;
  const verifier = createTokenVerifier({ jwksPath: options.jwksPath, issuer: options.issuer, audience: options.audience });
  const entries: ExplainEntry[] = [];
  try {
    const built = Object.fromEntries(
      await Promise.all(
        (Object.keys(SUBGRAPHS) as SubgraphName[]).map(async (name) => {
          const b = buildSubgraph(SUBGRAPHS[name], database, { verifier });
          await b.server.start();
          return [name, b] as const;
        }),
      ),
    );
    const all: ExplainScenario[] = ['profile-public', 'profile-platform', 'profile-authorized', 'batch', 'search', 'search-common', 'search-broad', 'sanctions'];
    // Only the scenarios of this run, so a partial run leaves the other scenarios' plan files alone.
    const scenarios = all.filter((s) => !options.only || options.only.includes(s === 'search-common' || s === 'search-broad' ? 'search' : s));
    for (const scenario of scenarios) {
      const headers: Record<string, string> =
        scenario === 'profile-authorized' ? { authorization: `Bearer ${options.agencyToken}`, 'x-query-purpose': options.purpose } : {};
      const search = scenario === 'search-common' ? options.commonSearch : scenario === 'search-broad' ? options.broadSearch : options.search;
      let n = 0;
      for (const op of operations(scenario, options.subject, options.batch, search)) {
        const b = built[op.subgraph]!;
        recording = [];
        const result = await b.server.executeOperation({ query: op.query, variables: op.variables }, { contextValue: await b.context(headers) });
        // The query-log INSERT runs in willSendResponse, after the answer; give it a moment.
        await new Promise((r) => setTimeout(r, 50));
        const captured = recording;
        recording = null;
        if (result.body.kind === 'single' && result.body.singleResult.errors?.length) {
          options.log(`explain: ${scenario}/${op.subgraph} answered with errors: ${JSON.stringify(result.body.singleResult.errors).slice(0, 300)}`);
        }
        for (const stmt of captured) {
          if (/^\s*(begin|commit|rollback|select 1\b)/i.test(stmt.query)) continue;
          let plan = '';
          for (let round = 0; round < 3; round++) {
            try {
              await explainer.begin(async (tx) => {
                const rows = await tx.unsafe(`explain (analyze, buffers) ${stmt.query}`, stmt.params as never[]);
                plan = rows.map((r) => (r as Record<string, string>)['QUERY PLAN']).join('\n');
                throw new Rollback();
              });
            } catch (error) {
              if (!(error instanceof Rollback)) {
                plan = `EXPLAIN failed: ${(error as Error).message}`;
                break;
              }
            }
          }
          // Plan reuse: eight executions of the statement as the subgraph sends it, on one
          // connection, in a transaction rolled back; PostgreSQL says which plans it used.
          const reuse: { plans: ExplainEntry['prepared'] } = { plans: null };
          if (stmt.prepare) {
            try {
              await explainer.begin(async (tx) => {
                for (let i = 0; i < 8; i++) await tx.unsafe(stmt.query, stmt.params as never[], { prepare: true });
                const [counts] = await tx.unsafe(
                  'select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where statement = $1',
                  [stmt.query],
                );
                if (counts) reuse.plans = { generic: Number(counts.generic), custom: Number(counts.custom) };
                throw new Rollback();
              });
            } catch (error) {
              if (!(error instanceof Rollback)) options.log(`explain: plan reuse of ${scenario}/${op.subgraph}: ${(error as Error).message}`);
            }
          }
          const prepared = reuse.plans;
          n++;
          const file = `${scenario}--${op.subgraph}--${n}.txt`;
          writeFileSync(
            `${options.outDir}/${file}`,
            [
              `scenario:  ${scenario}`,
              `subgraph:  ${op.subgraph}`,
              `operation: ${op.query.replace(/\s+/g, ' ')}`,
              `variables: ${shortParams([op.variables]).slice(0, 400)}`,
              '',
              '-- statement (as sent by the subgraph through drizzle/postgres.js)',
              stmt.query.trim(),
              '',
              `-- parameters: ${shortParams(stmt.params)}`,
              '',
              stmt.prepare
                ? `-- sent prepared; over 8 executions on one connection PostgreSQL used ${prepared ? `${prepared.generic} generic and ${prepared.custom} custom plans (a generic plan is not planned again)` : 'plans it did not report'}`
                : '-- sent unprepared: planned for its parameter values on every call',
              '',
              '-- EXPLAIN (ANALYZE, BUFFERS), third run (warm cache), inside a transaction rolled back afterwards',
              plan,
              '',
            ].join('\n'),
          );
          const num = (re: RegExp) => {
            const m = re.exec(plan);
            return m ? Number(m[1]) : null;
          };
          let hit = 0;
          let read = 0;
          const top = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(plan);
          if (top) {
            hit = Number(top[1] ?? 0);
            read = Number(top[2] ?? 0);
          }
          entries.push({
            scenario,
            subgraph: op.subgraph,
            file,
            statement: firstWords(stmt.query),
            planningMs: num(/Planning Time: ([\d.]+) ms/),
            executionMs: num(/Execution Time: ([\d.]+) ms/),
            jit: /^JIT:/m.test(plan),
            seqScans: [...new Set([...plan.matchAll(/Seq Scan on (\S+)/g)].map((m) => m[1]!))],
            indexes: [...new Set([...plan.matchAll(/(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?(?:using|on) (\S+)/g)].map((m) => m[1]!))],
            sharedHit: hit,
            sharedRead: read,
            prepared,
          });
        }
      }
      options.log(`explain: ${scenario}: ${n} statements`);
    }
    for (const b of Object.values(built)) await b.server.stop();
  } finally {
    await database.close();
  }
  return entries;
}
