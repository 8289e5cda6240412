import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type AutocannonResult } from 'autocannon';
import { sql } from 'drizzle-orm';
import { SHOWCASE, seed } from '../drizzle/seed/generate.ts';
import { EXAMPLE_QUERY } from '../gateway/src/query-page.ts';
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kernel/config.ts';
import { Database, rows } from '../subgraphs/kernel/db.ts';
import { createLogger } from '../subgraphs/kernel/logging.ts';
import { createVerifier, startStack } from '../src/stack.ts';

/**
 * Soak test (issue 9, item 4): a mixed workload — answers, bulk reads, searches, refusals and
 * malformed requests — for SOAK_SECONDS (default 600) in 30-second windows, sampling resident
 * memory after each. Exits 1 on any 5xx, any INTERNAL_SERVER_ERROR counted by the gateway, or
 * memory growing more than SOAK_MAX_GROWTH (default 0.5 = 50 %) from the first window to the last.
 *
 *   node --import tsx deploy/soak.ts                        # in this process, on PGlite in memory
 *   GATEWAY_URL=http://127.0.0.1:4000/graphql node --import tsx deploy/soak.ts
 *                                                           # a running gateway (set RATE_LIMIT_PER_MINUTE=0 there)
 * Not part of `npm test`: it takes ten minutes by design.
 */
const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 16);
const maxGrowth = Number(process.env.SOAK_MAX_GROWTH ?? 0.5);
const WINDOW_S = 30;

async function localStack(): Promise<{ url: string; usccs: string[]; close: () => Promise<void> }> {
  const database = await Database.open({});
  await database.migrate();
  await seed(database.drizzle('seed'), { legalPersons: 300, idHashKey: 'soak' });
  const config = loadConfig({ DEV_KEY_DIR: mkdtempSync(join(tmpdir(), 'soak-keys-')) });
  const zeros = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, 0])) as Record<SubgraphName, number>;
  const stack = await startStack(database, {
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: zeros,
    verifier: await createVerifier(config),
    auditSealIntervalMs: 1000,
    logger: createLogger({ level: 'warn' }),
    settings: { rateLimit: { perMinute: 0, burst: 0 }, idHashKey: 'soak' },
  });
  const usccs = (await rows<{ uscc: string }>(database.drizzle('soak'), sql`select uscc from platform.legal_person order by uscc limit 300`)).map((r) => r.uscc);
  return { url: stack.gatewayUrl, usccs, close: async () => (await stack.close(), await database.close()) };
}

function workload(usccs: string[]): () => string {
  const pick = () => usccs[Math.floor(Math.random() * usccs.length)]!;
  const bodies: (() => unknown)[] = [
    () => ({ query: EXAMPLE_QUERY, variables: { uscc: pick() } }),
    () => ({ query: 'query($u: [String!]!) { legalPersons(usccs: $u) { uscc name region { name } } }', variables: { u: Array.from({ length: 50 }, pick) } }),
    () => ({ query: 'query($q: String!) { searchLegalPersons(query: $q, first: 10) { totalCount edges { node { uscc name } } } }', variables: { q: '港湾示范' } }),
    () => ({ query: 'query($u: String!) { legalPerson(uscc: $u) { name } }', variables: { u: `${pick().slice(0, 17)}?` } }),
    () => ({ query: `{ legalPerson(uscc: "${SHOWCASE.enterprise.uscc}") { name taxCreditRatings { totalCount } } }` }),
    () => ({ query: '{ legalPerson(uscc: ' }),
  ];
  let i = 0;
  return () => JSON.stringify(bodies[i++ % bodies.length]!());
}

function window(url: string, next: () => string): Promise<AutocannonResult> {
  const headers = { 'content-type': 'application/json' };
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections, duration: WINDOW_S, method: 'POST', headers, body: next(), requests: [{ method: 'POST', headers, setupRequest: (r) => ({ ...r, body: next() }) }] },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function metric(url: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(url.replace(/graphql$/, 'metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(name) && l.includes(labels));
  return Number(line?.split(' ').pop() ?? 0);
}

const remote = process.env.GATEWAY_URL;
const target = remote ? { url: remote, usccs: [SHOWCASE.enterprise.uscc], close: async () => {} } : await localStack();
const rss = () => (remote ? metric(target.url, 'process_resident_memory_bytes') : Promise.resolve(process.memoryUsage().rss));
const next = workload(target.usccs);
const samples: number[] = [];
let served = 0;
let serverErrors = 0;
for (let elapsed = 0; elapsed < seconds; elapsed += WINDOW_S) {
  const r = await window(target.url, next);
  served += r.requests.total;
  serverErrors += Object.entries(r.statusCodeStats).filter(([code]) => Number(code) >= 500).reduce((n, [, s]) => n + s.count, 0) + r.errors;
  samples.push(await rss());
  console.log(`${elapsed + WINDOW_S}s: ${Math.round(r.requests.total / WINDOW_S)} req/s, rss ${(samples.at(-1)! / 2 ** 20).toFixed(0)} MiB, 5xx/socket errors ${serverErrors}`);
}
const internal = await metric(target.url, 'graphql_errors_total', 'code="INTERNAL_SERVER_ERROR"');
const growth = samples.length > 1 ? samples.at(-1)! / samples[0]! - 1 : 0;
console.log(`served ${served}, 5xx/socket errors ${serverErrors}, INTERNAL_SERVER_ERROR ${internal}, rss growth ${(growth * 100).toFixed(1)} %`);
await target.close();
process.exit(serverErrors === 0 && internal === 0 && growth <= maxGrowth ? 0 : 1);
