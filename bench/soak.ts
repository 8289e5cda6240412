import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { EXAMPLE_QUERY } from '../gateway/src/query-page.ts';
import { ensureDevKeys, mintToken } from '../subgraphs/kernel/auth/dev-keys.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kernel/config.ts';
import { BENCH_AGENCY, ensureData, prepareFixtures, SHOWCASE_USCC } from './data.ts';
import { memoryOf, portIsFree, ProcessGroup, type Started } from './processes.ts';

/**
 * `npm run bench:soak -- [--minutes 10] [--rate 40] [--size 30000]`: the soak test of issue 9.
 * The five subgraphs and the gateway run as separate processes on PostgreSQL (the production
 * layout); a mixed workload arrives at a steady overall rate for the whole run; every 30 s the
 * window's answers, latencies and every process's resident memory are recorded. Writes
 * bench/SOAK-RESULTS.md and exits 1 when any answer was a 5xx, any GraphQL error was
 * INTERNAL_SERVER_ERROR or SERVICE_UNAVAILABLE, the rate was not held, or a process's memory grew
 * by more than --max-growth after warm-up.
 */
const USAGE = `usage: npm run bench:soak -- [options]
  --minutes M       how long the load runs (default 10)
  --rate R          requests per second, held steady (default 40)
  --connections C   clients sharing that rate (default 8)
  --size N          legal persons in the data (default 30000; records 10 × N)
  --max-growth F    largest allowed RSS growth of a process from the end of warm-up to the end (default 0.25)
  --port-base P     gateway P, subgraphs P+1…P+5 (default 15000)
  --results FILE    default bench/SOAK-RESULTS.md`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}bench/out`;
const SERVER = process.env.BENCH_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const ISSUER = 'credit-platform';
const AUDIENCE = 'credit-platform-api';
const WINDOW_S = 30;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '40' },
    connections: { type: 'string', default: '8' },
    size: { type: 'string', default: '30000' },
    'max-growth': { type: 'string', default: '0.25' },
    'port-base': { type: 'string', default: '15000' },
    results: { type: 'string', default: 'bench/SOAK-RESULTS.md' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const num = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const minutes = num('minutes');
const rate = num('rate');
const connections = Math.round(num('connections'));
const size = Math.round(num('size'));
const maxGrowth = num('max-growth');
const portBase = Math.round(num('port-base'));
const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface Window {
  endS: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  server5xx: number;
  socketErrors: number;
  rssMb: Record<string, number>;
}

/** The mix: what the public, agencies and bad clients send, in turn. */
function workload(subjects: string[], searches: string[], agencyHeaders: Record<string, string>) {
  let i = 0;
  const pick = (list: string[]) => list[Math.floor(Math.random() * list.length)]!;
  const kinds: { name: string; body: () => unknown; headers?: Record<string, string> }[] = [
    { name: 'profile (public, five subgraphs)', body: () => ({ query: EXAMPLE_QUERY, variables: { uscc: pick(subjects) } }) },
    { name: 'batch of 50 legalPersons', body: () => ({ query: 'query($u: [String!]!) { legalPersons(usccs: $u) { uscc name region { name } } }', variables: { u: Array.from({ length: 50 }, () => pick(subjects)) } }) },
    { name: 'name search', body: () => ({ query: 'query($q: String!) { searchLegalPersons(query: $q, first: 10) { totalCount edges { node { uscc name } } } }', variables: { q: pick(searches) } }) },
    {
      name: 'authorized read (agency with consent; registered in the query log)',
      body: () => ({ query: 'query($u: String!) { legalPerson(uscc: $u) { name taxCreditRatings(first: 5) { edges { node { year grade } } } } }', variables: { u: pick(subjects) } }),
      headers: agencyHeaders,
    },
    { name: 'protected field without a token (FORBIDDEN)', body: () => ({ query: `{ legalPerson(uscc: "${SHOWCASE_USCC}") { name taxCreditRatings { totalCount } } }` }) },
    { name: 'invalid code (BAD_USER_INPUT)', body: () => ({ query: 'query($u: String!) { legalPerson(uscc: $u) { name } }', variables: { u: `${pick(subjects).slice(0, 17)}?` } }) },
    { name: 'malformed GraphQL (400)', body: () => '{ legalPerson(uscc: ' },
  ];
  const next = () => {
    const k = kinds[i++ % kinds.length]!;
    const body = k.body();
    return { body: typeof body === 'string' ? JSON.stringify({ query: body }) : JSON.stringify(body), headers: k.headers ?? {} };
  };
  return { next, names: kinds.map((k) => k.name) };
}

function runWindow(url: string, next: () => { body: string; headers: Record<string, string> }): Promise<Omit<Window, 'endS' | 'rssMb'>> {
  const latencies: number[] = [];
  const base = { 'content-type': 'application/json' };
  return new Promise((resolve, reject) => {
    const first = next();
    const instance = autocannon(
      {
        url,
        connections,
        overallRate: rate,
        duration: WINDOW_S,
        timeout: 30,
        method: 'POST',
        headers: { ...base, ...first.headers },
        body: first.body,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const n = next();
              return { ...request, headers: { ...base, ...n.headers }, body: n.body };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const sorted = Float64Array.from(latencies).sort();
        const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : NaN);
        const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
        resolve({
          requests: result.requests.total,
          reqPerSec: result.requests.total / result.duration,
          p50: at(0.5),
          p99: at(0.99),
          max: sorted.length ? sorted[sorted.length - 1]! : NaN,
          statuses,
          server5xx: Object.entries(statuses).filter(([c]) => Number(c) >= 500).reduce((n, [, c]) => n + c, 0),
          socketErrors: result.errors,
        });
      },
    );
    instance.on('response', (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
  });
}

/** graphql_errors_total by code, summed over the processes' /metrics. */
async function errorCodes(urls: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const url of urls) {
    const text = await (await fetch(url)).text();
    for (const m of text.matchAll(/^graphql_errors_total\{[^}]*code="([A-Z_]+)"[^}]*\} (\d+)/gm)) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
  }
  return out;
}

const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

async function main(): Promise<number> {
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const startedAt = new Date().toISOString();
  const loadStart = loadavg();
  mkdirSync(`${OUT}/soak-logs`, { recursive: true });
  const group = new ProcessGroup(`${OUT}/soak-logs`);
  process.on('exit', () => group.killAllSync());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (group.killAllSync(), process.exit(130)));
  try {
    const data = await ensureData({ size, records: size * 10, server: SERVER, root: ROOT, log, regenerate: false });
    const fixtures = await prepareFixtures(data.url, Math.min(size, 20_000), log);
    const keys = await ensureDevKeys(`${OUT}/soak-keys`);
    const agencyToken = await mintToken(keys.privateKey, keys.kid, { kind: 'agency', id: BENCH_AGENCY.uscc, issuer: ISSUER, audience: AUDIENCE, expiresInSeconds: 24 * 3600 });
    const agencyHeaders = { authorization: `Bearer ${agencyToken}`, 'x-query-purpose': BENCH_AGENCY.purpose };

    const ports = Object.fromEntries(SUBGRAPH_NAMES.map((n, i) => [n, portBase + 1 + i])) as Record<SubgraphName, number>;
    for (const p of [portBase, ...Object.values(ports)]) if (!(await portIsFree(p))) throw new Error(`port ${p} is in use; pick another --port-base`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: data.url,
      ID_HASH_KEY: 'soak-only-id-hash-key',
      JWKS_PATH: keys.jwksPath,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      SEED_SIZE: '0',
      LOG_LEVEL: 'warn',
      GATEWAY_PORT: String(portBase),
      // One load generator is one caller: a per-caller limit would refuse it; the limiter still runs.
      RATE_LIMIT_PER_MINUTE: '1000000000',
    };
    for (const n of SUBGRAPH_NAMES) {
      env[`${n.toUpperCase()}_PORT`] = String(ports[n]);
      env[`${n.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[n]}/graphql`;
    }
    const procs: Record<string, Started> = {};
    for (const n of SUBGRAPH_NAMES) procs[n] = group.start(n, process.execPath, ['--import', 'tsx', 'src/start-subgraph.ts', n], env, ROOT);
    for (const n of SUBGRAPH_NAMES) await group.waitHealthy(procs[n]!, `http://127.0.0.1:${ports[n]}/health`);
    procs.gateway = group.start('gateway', process.execPath, ['--import', 'tsx', 'src/start-gateway.ts'], env, ROOT);
    await group.waitHealthy(procs.gateway, `http://127.0.0.1:${portBase}/ready`);
    const url = `http://127.0.0.1:${portBase}/graphql`;
    const metricsUrls = [`http://127.0.0.1:${portBase}/metrics`, ...SUBGRAPH_NAMES.map((n) => `http://127.0.0.1:${ports[n]}/metrics`)];
    // Each kind of request once, checked, so a soak of wrong answers cannot pass.
    const sample = async (body: unknown, headers: Record<string, string> = {}) =>
      (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })).json()) as {
        data?: { legalPerson?: { name?: string; taxCreditRatings?: unknown } | null };
        errors?: { extensions?: { code?: string } }[];
      };
    const profile = await sample({ query: EXAMPLE_QUERY, variables: { uscc: SHOWCASE_USCC } });
    const authorized = await sample({ query: `{ legalPerson(uscc: "${fixtures.subjects[0]}") { name taxCreditRatings(first: 1) { totalCount } } }` }, agencyHeaders);
    const refused = await sample({ query: `{ legalPerson(uscc: "${SHOWCASE_USCC}") { taxCreditRatings { totalCount } } }` });
    if (!profile.data?.legalPerson?.name || profile.errors) throw new Error(`the profile query is not answered: ${JSON.stringify(profile).slice(0, 300)}`);
    if (!authorized.data?.legalPerson?.taxCreditRatings || authorized.errors) throw new Error(`the agency is not served: ${JSON.stringify(authorized).slice(0, 300)}`);
    if (refused.errors?.[0]?.extensions?.code !== 'FORBIDDEN') throw new Error('a protected field was not refused without a token');
    const codesBefore = await errorCodes(metricsUrls);
    const { next, names } = workload(fixtures.subjects, fixtures.searchQueries, agencyHeaders);
    log(`processes up; ${minutes} min at ${rate} req/s over ${connections} connections`);

    const windows: Window[] = [];
    const rss = () => Object.fromEntries(Object.entries(procs).map(([k, s]) => [k, Math.round(memoryOf(s.pid)?.rssMb ?? NaN)]));
    const totalWindows = Math.max(1, Math.round((minutes * 60) / WINDOW_S));
    for (let w = 1; w <= totalWindows; w++) {
      const r = await runWindow(url, next);
      const exited = Object.values(procs).filter((p) => p.exited);
      if (exited.length > 0) throw new Error(`${exited.map((p) => p.name).join(', ')} exited during the soak; see ${OUT}/soak-logs`);
      windows.push({ ...r, endS: w * WINDOW_S, rssMb: rss() });
      const m = windows.at(-1)!.rssMb;
      log(`${w * WINDOW_S}s: ${r.reqPerSec.toFixed(1)} req/s, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, 5xx ${r.server5xx}, socket errors ${r.socketErrors}, rss MB ${Object.entries(m).map(([k, v]) => `${k} ${v}`).join(' ')}`);
    }
    const codesAfter = await errorCodes(metricsUrls);
    const codes = Object.fromEntries(Object.entries(codesAfter).map(([k, v]) => [k, v - (codesBefore[k] ?? 0)]).filter(([, v]) => (v as number) > 0));

    // ---- verdicts ----
    const warm = windows[Math.min(1, windows.length - 1)]!;
    const tail = windows.slice(-3);
    const growth = Object.fromEntries(Object.keys(procs).map((k) => [k, Math.max(...tail.map((w) => w.rssMb[k]!)) / warm.rssMb[k]! - 1]));
    const total = windows.reduce((n, w) => n + w.requests, 0);
    const fivexx = windows.reduce((n, w) => n + w.server5xx, 0);
    const sockets = windows.reduce((n, w) => n + w.socketErrors, 0);
    const held = windows.every((w) => w.reqPerSec >= rate * 0.95);
    const bad = (codes.INTERNAL_SERVER_ERROR ?? 0) + (codes.SERVICE_UNAVAILABLE ?? 0);
    const checks = [
      { what: 'no 5xx answer and no socket error', pass: fivexx === 0 && sockets === 0, value: `${fivexx} 5xx, ${sockets} socket errors` },
      { what: 'no INTERNAL_SERVER_ERROR or SERVICE_UNAVAILABLE', pass: bad === 0, value: String(bad) },
      { what: `the rate held in every window (≥ 95 % of ${rate} req/s)`, pass: held, value: `${Math.min(...windows.map((w) => w.reqPerSec)).toFixed(1)} req/s in the slowest window` },
      ...Object.entries(growth).map(([k, g]) => ({ what: `${k}: RSS growth after warm-up ≤ ${(maxGrowth * 100).toFixed(0)} %`, pass: g <= maxGrowth, value: `${warm.rssMb[k]} → ${Math.max(...tail.map((w) => w.rssMb[k]!))} MB (${(g * 100).toFixed(1)} %)` })),
    ];
    const loadEnd = loadavg();
    const procNames = Object.keys(procs);
    const md = [
      '# Soak results',
      '',
      `Written by \`${['npm run bench:soak', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ')}\` (bench/soak.ts) at ${startedAt}, commit \`${commit}\`.`,
      '',
      '## Set-up',
      '',
      `- **Machine:** ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loadStart.map((l) => l.toFixed(2)).join(' / ')} at the start, ${loadEnd.map((l) => l.toFixed(2)).join(' / ')} at the end (other work shared the machine when these are above the soak's own load).`,
      `- **Layout:** the five subgraphs and the gateway as separate processes (\`src/start-subgraph.ts\`, \`src/start-gateway.ts\`, run with tsx), \`NODE_ENV=production\`, on PostgreSQL database \`${data.database}\` (${data.size.toLocaleString('en')} legal persons, ${data.records.toLocaleString('en')} records); every subgraph seals the query log and runs its event consumer as in production.`,
      `- **Load:** ${rate} requests/s held steady (autocannon \`overallRate\`) over ${connections} connections for ${minutes} min, in ${WINDOW_S} s windows. The mix, in turn: ${names.join('; ')}.`,
      '',
      '## Verdict',
      '',
      '| check | result | value |',
      '|---|---|---|',
      ...checks.map((c) => `| ${c.what} | ${c.pass ? 'pass' : '**FAIL**'} | ${c.value} |`),
      '',
      `${total.toLocaleString('en')} requests answered. GraphQL error codes counted by the processes during the run (expected: the mix's refusals): ${Object.entries(codes).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}.`,
      '',
      '## Windows',
      '',
      `| end (s) | req/s | p50 ms | p99 ms | max ms | statuses | ${procNames.map((n) => `${n} RSS MB`).join(' | ')} |`,
      `|---|---|---|---|---|---|${procNames.map(() => '---|').join('')}`,
      ...windows.map(
        (w) =>
          `| ${w.endS} | ${w.reqPerSec.toFixed(1)} | ${w.p50.toFixed(0)} | ${w.p99.toFixed(0)} | ${w.max.toFixed(0)} | ${Object.entries(w.statuses).map(([k, v]) => `${k}: ${v}`).join(', ')} | ${procNames.map((n) => w.rssMb[n]).join(' | ')} |`,
      ),
      '',
    ].join('\n');
    writeFileSync(`${ROOT}${values.results}`, md);
    log(`wrote ${values.results}`);
    for (const c of checks) log(`${c.pass ? 'pass' : 'FAIL'}: ${c.what} (${c.value})`);
    return checks.every((c) => c.pass) ? 0 : 1;
  } finally {
    await group.stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
