import type { DataInfo, Prewarm } from './data.ts';
import type { ExplainEntry } from './explain.ts';
import type { LoadResult } from './load.ts';
import { CONTESTANT_LABEL, type ContestantId, DIRECT_MEANS, SCENARIO_QUERY, SCENARIO_TITLE, type ScenarioId, type Workload } from './scenarios.ts';

/** Writes bench/RESULTS.md from one run's measurements. */

export interface Cell {
  scenario: ScenarioId;
  workload: Workload;
  connections: number;
  contestant: ContestantId;
  load: LoadResult;
  /** CPU ms per completed request, by process name (gateway, hive, floor, platform, …, postgres, loadgen). */
  cpuPerRequest: Record<string, number>;
  machineBusy: number;
  /** Share of the machine busy with processes that are not part of the bench (other users' work). */
  otherBusy: number;
  /** RSS (MB) at the end of the cell, by process name. */
  rssMb: Record<string, number>;
  /** MB read from disk during the measured part (absent in results saved before it was counted). */
  diskReadMb?: number;
  /** The page cache refilled before the cell: how long it took and how much came from disk. */
  prewarm?: { seconds: number; diskMb: number };
}

export interface Check {
  scenario: ScenarioId;
  contestant: ContestantId;
  same: boolean | null;
  note: string;
}

export interface RunInfo {
  startedAt: string;
  finishedAt: string;
  commit: string;
  dirty: boolean;
  command: string;
  machine: { cpu: string; cores: number; memGb: number; node: string; postgres: string; pgSettings: Record<string, string>; kernel: string };
  data: DataInfo;
  fixtures: { subjects: number; searchQueries: number; consents: number };
  durationS: number;
  warmupS: number;
  /** Seconds each scenario ran through each contestant before the first cell (absent in results saved before it existed). */
  runWarmupS?: number;
  /** Absent in runs with --no-prewarm (and in results saved before the prewarm existed). */
  prewarm?: Prewarm;
  quick: boolean;
  hiveNotes: string[];
  peakRssMb: Record<string, number>;
  skippedScenarios: string[];
  problems: string[];
}

const SUBGRAPH_PROCS = ['platform', 'government', 'business', 'social', 'judicial'];

function n(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

/** The process that is "the contestant" in a cell. */
function frontProcess(cell: Cell): string {
  switch (cell.contestant) {
    case 'ours':
      return 'gateway';
    case 'hive':
      return 'hive';
    case 'floor':
      return 'floor';
    case 'direct':
      return cell.scenario === 'profile-authorized' ? 'business' : 'platform';
  }
}

function subgraphCpu(cell: Cell): number {
  return SUBGRAPH_PROCS.reduce((sum, p) => sum + (cell.cpuPerRequest[p] ?? 0), 0);
}

function totalCpu(cell: Cell): number {
  return Object.entries(cell.cpuPerRequest)
    .filter(([k]) => k !== 'loadgen')
    .reduce((sum, [, v]) => sum + v, 0);
}

/**
 * Requests per second the machine could serve if the bench had it alone: all cores divided by the
 * CPU one request costs everywhere (servers, PostgreSQL and the load generator). Others' work on
 * the machine does not change CPU per request much, while it takes cores away, so this is the
 * figure to compare when neighbours were busy; it is an upper bound for latency-bound cells.
 */
export function capacity(cell: Cell, cores: number): number {
  const perRequest = totalCpu(cell) + (Number.isFinite(cell.cpuPerRequest.loadgen) ? cell.cpuPerRequest.loadgen! : 0);
  return perRequest > 0 ? (cores * 1000) / perRequest : NaN;
}

function errorsText(cell: Cell): string {
  const e = cell.load.errors;
  if (e.total === 0) return '0';
  const parts = [e.non2xx && `${e.non2xx} non-2xx`, e.graphql && `${e.graphql} GraphQL`, e.socket && `${e.socket} socket`, e.timeouts && `${e.timeouts} timeout`].filter(Boolean);
  return `**${e.total}** (${parts.join(', ')})`;
}

function breakdown(cell: Cell): string {
  const parts = SUBGRAPH_PROCS.filter((p) => (cell.cpuPerRequest[p] ?? 0) >= 0.005).map((p) => `${p.slice(0, 3)} ${ms(cell.cpuPerRequest[p]!)}`);
  return parts.join(' · ') || '—';
}

export function find(cells: Cell[], scenario: ScenarioId, workload: Workload, connections: number, contestant: ContestantId): Cell | undefined {
  return cells.find((c) => c.scenario === scenario && c.workload === workload && c.connections === connections && c.contestant === contestant);
}

interface Verdict {
  target: string;
  where: string;
  measured: string;
  pass: boolean | null;
  /** The same comparison on CPU-bound capacity (see `capacity`), when it applies. */
  onCapacity?: string;
  passOnCapacity?: boolean;
}

export function verdicts(cells: Cell[], cores = 2): Verdict[] {
  const out: Verdict[] = [];
  const conns = (scenario: ScenarioId) => [...new Set(cells.filter((c) => c.scenario === scenario).map((c) => c.connections))].sort((a, b) => a - b);
  for (const scenario of ['profile-public', 'profile-platform', 'profile-authorized', 'batch', 'search', 'sanctions'] as ScenarioId[]) {
    for (const c of conns(scenario)) {
      const ours = find(cells, scenario, 'distinct', c, 'ours');
      const hive = find(cells, scenario, 'distinct', c, 'hive');
      const fullProfile = scenario === 'profile-public' || scenario === 'profile-authorized';
      if (ours && hive && fullProfile) {
        const ratio = ours.load.reqPerSec / hive.load.reqPerSec;
        const cap = capacity(ours, cores) / capacity(hive, cores);
        out.push({ target: 'distinct subjects: ours ≥ 1.5 × Hive req/s', where: `${scenario}, ${c} conn`, measured: `${n(ours.load.reqPerSec)} vs ${n(hive.load.reqPerSec)} = ${ratio.toFixed(2)}×`, pass: ratio >= 1.5, onCapacity: `${cap.toFixed(2)}×`, passOnCapacity: cap >= 1.5 });
      }
      const oi = find(cells, scenario, 'identical', c, 'ours');
      const hi = find(cells, scenario, 'identical', c, 'hive');
      if (oi && hi && fullProfile) {
        const ratio = oi.load.reqPerSec / hi.load.reqPerSec;
        const cap = capacity(oi, cores) / capacity(hi, cores);
        out.push({ target: 'identical request: ours not slower than Hive', where: `${scenario}, ${c} conn`, measured: `${n(oi.load.reqPerSec)} vs ${n(hi.load.reqPerSec)} = ${ratio.toFixed(2)}×`, pass: ratio >= 1, onCapacity: `${cap.toFixed(2)}×`, passOnCapacity: cap >= 1 });
      }
      const direct = find(cells, scenario, 'distinct', c, 'direct');
      // Like for like only: the same query through the gateway and to the subgraph. For the full
      // profile, (c) is one of the five subgraph calls the gateway makes (see DIRECT_MEANS).
      if (ours && direct && (scenario === 'profile-platform' || scenario === 'search')) {
        const ratio = ours.load.reqPerSec / direct.load.reqPerSec;
        const cap = capacity(ours, cores) / capacity(direct, cores);
        out.push({ target: 'gateway ≥ 50 % of the direct subgraph’s req/s', where: `${scenario}, distinct, ${c} conn`, measured: `${n(ours.load.reqPerSec)} vs ${n(direct.load.reqPerSec)} = ${(ratio * 100).toFixed(0)} %`, pass: ratio >= 0.5, onCapacity: `${(cap * 100).toFixed(0)} %`, passOnCapacity: cap >= 0.5 });
      }
    }
  }
  const lowest = (scenario: ScenarioId) => conns(scenario)[0];
  const bc = lowest('batch');
  const batch = bc === undefined ? undefined : find(cells, 'batch', 'distinct', bc, 'ours');
  if (batch) out.push({ target: 'batch of 1,000: p50 < 300 ms', where: `our gateway, distinct codes, ${bc} conn`, measured: `p50 ${ms(batch.load.latencyMs.p50)} ms`, pass: batch.load.latencyMs.p50 < 300 });
  const kc = lowest('sanctions');
  const sanctions = kc === undefined ? undefined : find(cells, 'sanctions', 'distinct', kc, 'ours');
  if (sanctions) out.push({ target: 'sanctionsCheck batch of 1,000: p50 < 300 ms', where: `our gateway, distinct codes, ${kc} conn`, measured: `p50 ${ms(sanctions.load.latencyMs.p50)} ms`, pass: sanctions.load.latencyMs.p50 < 300 });
  const sc = lowest('search');
  const search = sc === undefined ? undefined : find(cells, 'search', 'distinct', sc, 'ours');
  if (search) out.push({ target: 'search: p95 < 20 ms', where: `our gateway, distinct queries, ${sc} conn`, measured: `p95 ${ms(search.load.latencyMs.p95)} ms`, pass: search.load.latencyMs.p95 < 20 });
  return out;
}

function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)]! : NaN;
}

/** Computed summaries: the cost structure of a profile request, and planning against execution in PostgreSQL. */
function whereTheCpuGoes(cells: Cell[], explain: ExplainEntry[]): string[] {
  const L: string[] = [];
  const conns = cells.filter((c) => c.scenario === 'profile-public' && c.workload === 'distinct').map((c) => c.connections);
  if (conns.length === 0) return L;
  const top = Math.max(...conns);
  const ours = find(cells, 'profile-public', 'distinct', top, 'ours');
  const hive = find(cells, 'profile-public', 'distinct', top, 'hive');
  const floor = find(cells, 'profile-public', 'distinct', top, 'floor');
  L.push('## Where the CPU of a request goes');
  L.push('');
  if (ours) {
    const total = totalCpu(ours);
    const gw = ours.cpuPerRequest.gateway ?? 0;
    const sub = subgraphCpu(ours);
    const pg = ours.cpuPerRequest.postgres ?? 0;
    const pct = (v: number) => `${((v / total) * 100).toFixed(0)} %`;
    L.push(`- Public profile, distinct subjects, ${top} connections, our gateway: ${ms(total)} ms of CPU per request in all — gateway ${ms(gw)} (${pct(gw)}), the five subgraphs ${ms(sub)} (${pct(sub)}), PostgreSQL ${ms(pg)} (${pct(pg)}).` +
      (floor ? ` The floor serves the same answer for ${ms(totalCpu(floor))} ms (node ${ms(floor.cpuPerRequest.floor ?? 0)}, PostgreSQL ${ms(floor.cpuPerRequest.postgres ?? 0)}): the federated stack costs ${(total / totalCpu(floor)).toFixed(0)}× the floor.` : '') +
      (hive ? ` Through Hive: ${ms(totalCpu(hive))} ms, of which Hive itself ${ms(hive.cpuPerRequest.hive ?? 0)}.` : ''));
  }
  const sum = (scenario: string, key: 'planningMs' | 'executionMs') => explain.filter((e) => e.scenario === scenario).reduce((a, e) => a + (e[key] ?? 0), 0);
  for (const scenario of ['profile-public', 'profile-authorized', 'batch']) {
    const count = explain.filter((e) => e.scenario === scenario).length;
    if (count === 0) continue;
    const generic = explain.filter((e) => e.scenario === scenario && e.prepared && e.prepared.generic > 0).length;
    const prepared = explain.filter((e) => e.scenario === scenario && e.prepared).length;
    L.push(
      `- PostgreSQL, ${scenario}: ${count} statements per request; planning ${sum(scenario, 'planningMs').toFixed(2)} ms against execution ${sum(scenario, 'executionMs').toFixed(2)} ms (EXPLAIN ANALYZE, warm). ${prepared} of the ${count} are sent prepared (parsed once per connection, no describe round trip); ` +
        (generic > 0
          ? `${generic} of them settle on a generic plan after the first executions and are not planned again.`
          : 'PostgreSQL kept planning each of them for its values (custom plans, its own choice under plan_cache_mode=auto), so planning is still paid on every execution.'),
    );
  }
  L.push('');
  return L;
}

/** The page-cache line: the first prewarm, and what refilling it before each cell took and found dropped. */
function pageCacheLine(p: Prewarm, cells: Cell[]): string {
  const first = `${mb(p.bytes)} of tables and indexes (${p.relations} relations) read into it with pg_prewarm in ${n(p.seconds)} s (${n(p.diskMb ?? NaN)} MB from disk)`;
  const again = cells.flatMap((c) => (c.prewarm ? [c.prewarm] : []));
  if (again.length === 0) return `- Page cache: before any load, ${first}.`;
  const dropped = again.map((x) => x.diskMb);
  const read = cells.flatMap((c) => (c.diskReadMb === undefined ? [] : [c.diskReadMb]));
  return (
    `- Page cache: ${first}; and read again before every cell, since a page cache may lose data between cells (this machine's is reclaimed from outside: bench/README.md, step 3). ` +
    `Before the ${n(again.length)} cells that took a median ${n(median(again.map((x) => x.seconds)), 1)} s and found a median ${n(median(dropped))} MB (at most ${n(Math.max(...dropped))} MB) dropped since the cell before. ` +
    `During the measured part the cells read a median ${n(median(read), 1)} MB from disk (at most ${n(Math.max(...read, 0))} MB; column "disk read MB").`
  );
}

function mb(bytes: number): string {
  return `${n(bytes / 1024 / 1024 / 1024, 1)} GB`;
}

export function renderResults(run: RunInfo, cells: Cell[], checks: Check[], explain: ExplainEntry[], explainDir: string): string {
  const L: string[] = [];
  const d = run.data;
  L.push('# Benchmark results');
  L.push('');
  L.push(`Written by \`${run.command}\` (bench/run.ts) on ${run.finishedAt.slice(0, 16).replace('T', ' ')} UTC; run started ${run.startedAt.slice(11, 16)}. Commit \`${run.commit}\` when the run started${run.dirty ? ' (with uncommitted changes in the tree)' : ''}. See [README.md](README.md) for what each number means.`);
  if (run.quick) L.push('', '> **Quick run** (`--quick`): small data set and short runs, for checking the harness — not the figures to quote.');
  if (d.size < 1_000_000) L.push('', `> This run used ${n(d.size)} legal persons, not the 1,000,000 the issue asks for.`);
  L.push('');
  L.push('## Machine and data');
  L.push('');
  L.push(`- Machine: ${run.machine.cpu}, ${run.machine.cores} cores, ${n(run.machine.memGb)} GB RAM; ${run.machine.kernel}; Node ${run.machine.node}. Load generator (autocannon 9, in the harness process), gateways, subgraphs, floor and PostgreSQL all share these ${run.machine.cores} cores.`);
  L.push(`- PostgreSQL: ${run.machine.postgres}; ${Object.entries(run.machine.pgSettings).map(([k, v]) => `${k}=${v}`).join(', ')} (server defaults of this machine, not tuned by the bench).`);
  L.push(`- Database \`${d.database}\` (${mb(d.databaseBytes)}), ${d.reused ? `reused, made ${d.generatedAt.slice(0, 16).replace('T', ' ')} in ${n(d.generationSeconds)} s` : `made by this run in ${n(d.generationSeconds)} s`}:`);
  L.push('');
  L.push('  | table | rows |');
  L.push('  |---|---:|');
  for (const [t, c] of Object.entries(d.counts)) L.push(`  | ${t} | ${n(c)} |`);
  L.push(`  | **records** (every record table of the four domain subgraphs) | **${n(d.records)}** |`);
  L.push('');
  L.push(`- Fixtures: ${n(run.fixtures.subjects)} legal persons sampled in a fixed pseudo-random order (md5 of the code); the distinct workloads walk this list, never repeating a subject within a run unless the run needs more requests than the list holds. Every sampled subject consented to the bench agency (LOAN_APPROVAL). ${n(run.fixtures.searchQueries)} search texts cut from sampled names (trade name + industry word, e.g. 汇恒物流).`);
  const p = run.prewarm;
  L.push(
    !p
      ? '- Page cache: not prewarmed (`--no-prewarm`); the first cells may read from disk.'
      : p.skipped
        ? `- Page cache: not prewarmed (${p.skipped}); the first cells may read from disk.`
        : pageCacheLine(p, cells),
  );
  L.push(`- ${run.runWarmupS ? `Before the first cell, every scenario ran through every contestant for ${run.runWarmupS} s (not recorded), so the first cells, always ours, do not pay alone for the servers' JIT and for each connection preparing its statements. ` : ''}Each cell: ${run.warmupS} s warm-up (not recorded), then ${run.durationS} s measured; all processes stay up for the whole run, contestants measured one after another.`);
  L.push('');

  L.push('## Targets');
  L.push('');
  const verdict = (pass: boolean | null | undefined) => (pass === null || pass === undefined ? '—' : pass ? '**pass**' : '**MISS**');
  L.push('| target | where | measured | result | on CPU-bound capacity | result |');
  L.push('|---|---|---|---|---|---|');
  for (const v of verdicts(cells, run.machine.cores)) L.push(`| ${v.target} | ${v.where} | ${v.measured} | ${verdict(v.pass)} | ${v.onCapacity ?? '—'} | ${v.onCapacity ? verdict(v.passOnCapacity) : '—'} |`);
  L.push('');
  L.push(`"Result" is judged on the req/s measured. Other users' work shared this machine during the run (the "others" share in each table; median ${(median(cells.map((c) => c.otherBusy)) * 100).toFixed(0)} % of the machine per cell), and it lands unevenly on the contestants measured one after another; so each throughput comparison is also given on **CPU-bound capacity** = ${run.machine.cores} cores ÷ CPU per request of every process involved (servers, PostgreSQL, load generator), which others' load changes far less.`);
  L.push('');
  L.push('Latency targets are judged at the lowest concurrency measured for that scenario (with more connections, latency is mostly queueing on 2 cores). The "≥ 50 % of direct" target is judged like for like: the same query sent through the gateway and straight to the subgraph — search, and the platform part of the profile (`profile-platform`). For the full profile, (c) is one of the five subgraph calls the gateway makes for it, each costing about as much as (c) itself, so the full profile through any gateway stays near a fifth of (c) at best; that ratio is shown in the profile’s table, not judged.');
  L.push('');

  L.push(...whereTheCpuGoes(cells, explain));

  L.push('## Skipped scenarios');
  L.push('');
  for (const s of run.skippedScenarios) L.push(`- ${s}`);
  L.push('');

  const scenarios = [...new Set(cells.map((c) => c.scenario))];
  for (const scenario of scenarios) {
    L.push(`## ${SCENARIO_TITLE[scenario]}`);
    L.push('');
    L.push('<details><summary>query</summary>');
    L.push('');
    L.push('```graphql');
    L.push(SCENARIO_QUERY[scenario]);
    L.push('```');
    L.push('</details>');
    L.push('');
    L.push(`(c) measures ${DIRECT_MEANS[scenario]}.`);
    L.push('');
    const sameNotes = checks.filter((c) => c.scenario === scenario);
    if (sameNotes.length) {
      L.push(`Same answer as our gateway (checked before the load): ${sameNotes.map((c) => `${c.contestant} ${c.same === null ? 'n/a' : c.same ? 'yes' : '**no**'}${c.note ? ` (${c.note})` : ''}`).join('; ')}.`);
      L.push('');
    }
    L.push('| workload | conn | contestant | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req: contestant | subgraphs (sum) | postgres | total server | capacity req/s | machine busy (others) | disk read MB | RSS MB contestant | subgraph CPU ms/req by process |');
    L.push('|---|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const cell of cells.filter((c) => c.scenario === scenario)) {
      const front = frontProcess(cell);
      const frontCpu = cell.cpuPerRequest[front] ?? NaN;
      const sub = cell.contestant === 'floor' ? 0 : subgraphCpu(cell);
      L.push(
        `| ${cell.workload} | ${cell.connections} | ${CONTESTANT_LABEL[cell.contestant]} | ${n(cell.load.reqPerSec)} | ${ms(cell.load.latencyMs.p50)} | ${ms(cell.load.latencyMs.p95)} | ${ms(cell.load.latencyMs.p99)} | ${errorsText(cell)} | ${ms(frontCpu)} | ${cell.contestant === 'floor' ? '—' : ms(sub)} | ${ms(cell.cpuPerRequest.postgres ?? NaN)} | ${ms(totalCpu(cell))} | ${n(capacity(cell, run.machine.cores))} | ${(cell.machineBusy * 100).toFixed(0)} % (${(cell.otherBusy * 100).toFixed(0)} %) | ${cell.diskReadMb === undefined ? '—' : n(cell.diskReadMb)} | ${n(cell.rssMb[front] ?? NaN)} | ${cell.contestant === 'floor' ? '—' : breakdown(cell)} |`,
      );
    }
    L.push('');
    const ratios: string[] = [];
    for (const w of ['distinct', 'identical'] as Workload[]) {
      for (const c of [...new Set(cells.filter((x) => x.scenario === scenario && x.workload === w).map((x) => x.connections))]) {
        const o = find(cells, scenario, w, c, 'ours');
        const h = find(cells, scenario, w, c, 'hive');
        const dct = find(cells, scenario, w, c, 'direct');
        const f = find(cells, scenario, w, c, 'floor');
        if (!o) continue;
        const k = run.machine.cores;
        const both = (x: Cell, unit: (r: number) => string) => `${unit(o.load.reqPerSec / x.load.reqPerSec)} (capacity ${unit(capacity(o, k) / capacity(x, k))})`;
        const times = (r: number) => `${r.toFixed(2)}×`;
        const pct = (r: number) => `${(r * 100).toFixed(0)} %`;
        const parts = [h && `${both(h, times)} Hive`, dct && `${both(dct, pct)} of direct`, f && `${both(f, pct)} of the floor`].filter(Boolean);
        ratios.push(`${w}, ${c} conn: ours = ${parts.join(', ')}`);
      }
    }
    if (ratios.length) {
      L.push(`Ratios (req/s): ${ratios.join('; ')}.`);
      L.push('');
    }
  }

  L.push('## Memory');
  L.push('');
  L.push('Peak RSS (VmHWM) of each process over the whole run:');
  L.push('');
  L.push('| process | peak RSS MB |');
  L.push('|---|---:|');
  for (const [p, v] of Object.entries(run.peakRssMb)) L.push(`| ${p} | ${n(v)} |`);
  L.push('');

  L.push('## Query plans (EXPLAIN ANALYZE, BUFFERS)');
  L.push('');
  if (explain.length === 0) {
    L.push('Not captured in this run.');
  } else {
    L.push(`Every statement the subgraphs send for each scenario, captured from the subgraph code itself and explained three times (the third, warm, is kept); full plans in [${explainDir}/](${explainDir}/). Subject of the profile: the showcase enterprise; batch: the first 1,000 sampled codes; search: a typical text, a common one (\`search-common\`, 科技) and one in most names (\`search-broad\`, 大连). *Sent as*: prepared (postgres.js prepares it once per connection; the planning figure is a first, custom plan — with a generic plan in use, as the next column says after 8 executions, it is not planned again) or unprepared (planned for its values every time).`);
    L.push('');
    L.push('| scenario | subgraph | statement | plan file | planning ms | execution ms | sent as | plans over 8 runs (generic / custom) | index scans | seq scans | JIT | shared hit / read |');
    L.push('|---|---|---|---|---:|---:|---|---|---|---|---|---:|');
    for (const e of explain) {
      L.push(`| ${e.scenario} | ${e.subgraph} | \`${e.statement.replace(/\|/g, '\\|')}…\` | [${e.file}](${explainDir}/${e.file}) | ${e.planningMs ?? '—'} | ${e.executionMs ?? '—'} | ${e.prepared === undefined ? '—' : e.prepared ? 'prepared' : 'unprepared'} | ${e.prepared ? `${e.prepared.generic} / ${e.prepared.custom}` : '—'} | ${e.indexes.join(', ') || '—'} | ${e.seqScans.join(', ') || '—'} | ${e.jit ? '**yes**' : 'no'} | ${n(e.sharedHit)} / ${n(e.sharedRead)} |`);
    }
  }
  L.push('');

  L.push('## Notes');
  L.push('');
  for (const note of run.hiveNotes) L.push(`- ${note}`);
  for (const p of run.problems) L.push(`- ${p}`);
  L.push('');
  return L.join('\n');
}
