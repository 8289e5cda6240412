import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { Database } from '../subgraphs/kernel/db.ts';
import { upsertDepartment } from '../subgraphs/kernel/access/departments.ts';
import { completeUscc } from '../subgraphs/kernel/uscc.ts';
import { expectedCounts, TYPE_MIX, writeIngestFile } from './ingest-data.ts';
import { machineCpu, memoryOf, sleep } from './processes.ts';

/**
 * `npm run bench:ingest -- [--rows N] [--batch N]`: bulk ingestion on PostgreSQL. Generates an
 * NDJSON file in a temp dir, makes a fresh database, migrates it, registers a department, runs
 * the real `npm run ingest` as a child process while sampling its memory every second, checks
 * the answer against what the file must give, and writes bench/INGEST-RESULTS.md.
 */

const USAGE = `usage: npm run bench:ingest -- [options]
  --rows N       rows in the generated file (default 1000000)
  --batch N      --batch passed to the ingest command (default: the command's own)
  --results F    where to write the report (default bench/INGEST-RESULTS.md)
  --keep         keep the temp dir and the database
  --file F       the submission file: generated at F if missing, else reused (its row count must be --rows);
                 kept afterwards, so repeated runs skip generating it
  --cpu-prof D   profile the ingest command into directory D (runs node --cpu-prof src/ingest.ts
                 directly: NODE_OPTIONS may not carry --cpu-prof)`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = process.env.BENCH_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const DEPARTMENT = { code: 'bench-ingest', name: '基准测试数据报送单位', uscc: completeUscc('11210200MB999999'), writeDomains: ['government', 'business', 'social', 'judicial'] };
const PG_AUXILIARY = /postgres: .*(checkpointer|background writer|walwriter)/;
const TABLES = ['government.administrative_penalty', 'government.administrative_licence', 'government.sector_record', 'business.sector_record', 'social.sector_record', 'judicial.sector_record'];

const { values } = parseArgs({
  strict: true,
  options: { rows: { type: 'string', default: '1000000' }, batch: { type: 'string' }, results: { type: 'string' }, keep: { type: 'boolean', default: false }, 'cpu-prof': { type: 'string' }, file: { type: 'string' }, help: { type: 'boolean' } },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows: a positive integer, got ${values.rows}`);
const resultsPath = values.results ?? join(ROOT, 'bench/INGEST-RESULTS.md');

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function withDatabase(server: string, name: string): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

interface Proc {
  pid: number;
  ppid: number;
  cpuMs: number;
  cmd: string;
}

/** Every process: parent, CPU so far (user + system, ms) and command line, from /proc. */
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(d), ppid: Number(f[1]), cpuMs: (Number(f[11]) + Number(f[12])) * 10, cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone
    }
  }
  return out;
}

/** The process and every descendant of it (npm → sh → node). */
function tree(all: Proc[], root: number): Proc[] {
  const out = all.filter((p) => p.pid === root);
  for (let i = 0; i < out.length; i++) for (const p of all) if (p.ppid === out[i]!.pid) out.push(p);
  return out;
}

/**
 * CPU of processes that come and go: the highest reading of each pid, summed. A process that
 * exits between two samples loses at most its last second.
 */
class CpuTally {
  private readonly byPid = new Map<number, number>();
  private readonly first = new Map<number, number>();
  note(p: Proc): void {
    if (!this.first.has(p.pid)) this.first.set(p.pid, p.cpuMs);
    this.byPid.set(p.pid, Math.max(this.byPid.get(p.pid) ?? 0, p.cpuMs));
  }
  /** CPU seconds since each process was first seen (`fromStart`: since it started). */
  seconds(fromStart: boolean): number {
    let ms = 0;
    for (const [pid, max] of this.byPid) ms += max - (fromStart ? 0 : this.first.get(pid)!);
    return ms / 1000;
  }
}

const commit = git(['rev-parse', '--short', 'HEAD']);
const dirty = git(['status', '--porcelain', '--', 'subgraphs', 'src', 'schema', 'drizzle']).length > 0;
const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
const file = values.file ?? join(dir, 'records.ndjson');
const dbName = `credit_bench_ingest_${Date.now()}`;
const url = withDatabase(SERVER, dbName);
const admin = postgres(withDatabase(SERVER, 'postgres'), { max: 1, onnotice: () => {} });

let child: ReturnType<typeof spawn> | undefined;
process.on('exit', () => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
process.on('SIGINT', () => process.exit(130));

try {
  log(`generating ${rows.toLocaleString('en')} rows in ${file}`);
  const genStarted = performance.now();
  // A reused file: the ingest command's checkpoint and rejected rows of the run before go, so it starts afresh.
  for (const f of [`${file}.checkpoint.json`, `${file}.rejected.ndjson`]) rmSync(f, { force: true });
  const { bytes } = values.file && existsSync(file) ? { bytes: statSync(file).size } : await writeIngestFile(file, rows);
  const expected = expectedCounts(rows);
  log(`${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - genStarted) / 1000).toFixed(1)} s; expecting ${JSON.stringify(expected)}`);

  await admin.unsafe(`create database "${dbName}"`);
  const database = await Database.open({ url, poolSize: 2 });
  await database.migrate();
  await upsertDepartment(database.drizzle('bench'), DEPARTMENT);
  const [settings] = await admin.unsafe(
    `select version() as version, current_setting('shared_buffers') as shared_buffers, current_setting('synchronous_commit') as synchronous_commit,
            current_setting('max_wal_size') as max_wal_size, current_setting('wal_level') as wal_level`,
  );
  await database.close();
  log(`database ${dbName} migrated, department ${DEPARTMENT.code} registered`);

  const loadStart = loadavg();
  const args = ['run', '-s', 'ingest', '--', file, '--department', DEPARTMENT.code, ...(values.batch ? ['--batch', values.batch] : [])];
  const started = performance.now();
  const prof = values['cpu-prof'];
  // Profiled: node runs the command itself, with the flags of the package's `ingest` script.
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.ingest!.split(/\s+/).slice(1);
  const command = prof ? ['node', ['--cpu-prof', `--cpu-prof-dir=${prof}`, ...script, ...args.slice(4)]] as const : (['npm', args] as const);
  child = spawn(command[0], command[1], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const progress: { t: number; line: number; done: number }[] = [];
  let stdout = '';
  let stderrTail: string[] = [];
  let batch = '?';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  createInterface({ input: child.stderr! }).on('line', (l) => {
    stderrTail = [...stderrTail.slice(-20), l];
    const b = /in batches of (\d+)/.exec(l);
    if (b) batch = b[1]!;
    const m = /^line (\d+): (\d+) accepted, (\d+) duplicate, (\d+) rejected/.exec(l);
    if (m) progress.push({ t: (performance.now() - started) / 1000, line: Number(m[1]), done: Number(m[1]) });
  });
  const exited = new Promise<number>((resolve) => child!.on('exit', (code) => resolve(code ?? -1)));
  let finished = false;
  void exited.then(() => (finished = true));

  // Every second: RSS of the ingest node process (and the whole tree), CPU of it and of PostgreSQL.
  const samples: { t: number; rssMb: number; treeRssMb: number }[] = [];
  let ingestPid = 0;
  const ingestCpu = new CpuTally();
  const backendCpu = new CpuTally();
  const auxiliaryCpu = new CpuTally();
  const machineStart = machineCpu();
  while (!finished) {
    const all = processes();
    const mine = tree(all, child.pid!);
    if (!ingestPid) ingestPid = mine.find((p) => p.cmd.startsWith('node') && p.cmd.includes('src/ingest.ts'))?.pid ?? 0;
    for (const p of mine) ingestCpu.note(p);
    for (const p of all) {
      if (!p.cmd.startsWith('postgres: ')) continue;
      if (p.cmd.includes(` ${dbName} `)) backendCpu.note(p);
      else if (PG_AUXILIARY.test(p.cmd)) auxiliaryCpu.note(p);
    }
    const own = ingestPid ? memoryOf(ingestPid) : null;
    const treeRss = mine.map((p) => memoryOf(p.pid)?.rssMb ?? 0).reduce((a, b) => a + b, 0);
    if (own) samples.push({ t: (performance.now() - started) / 1000, rssMb: own.rssMb, treeRssMb: treeRss });
    await Promise.race([sleep(1000), exited]);
  }
  const machineEnd = machineCpu();
  const code = await exited;
  const seconds = (performance.now() - started) / 1000;
  const loadEnd = loadavg();
  if (code !== 0) throw new Error(`ingest exited with ${code}:\n${stderrTail.join('\n')}`);
  const answer = JSON.parse(stdout.trim().split('\n').at(-1)!) as { accepted: number; duplicates: number; rejected: number };
  const cpu = {
    ingest: ingestCpu.seconds(true),
    backends: backendCpu.seconds(true),
    auxiliary: auxiliaryCpu.seconds(false),
    machineBusy: (machineEnd.busyMs - machineStart.busyMs) / (machineEnd.totalMs - machineStart.totalMs),
  };
  const usPerRow = (s: number) => ((s * 1e6) / rows).toFixed(0);
  const capacity = (2 * rows) / (cpu.ingest + cpu.backends + cpu.auxiliary);

  // The database must hold exactly the accepted rows; the rejected file one line per rejected row.
  const check = postgres(url, { max: 1, onnotice: () => {} });
  let stored = 0;
  for (const t of TABLES) stored += Number((await check.unsafe(`select count(*) as n from ${t}`))[0]!.n);
  await check.end();
  const rejectedLines = readFileSync(`${file}.rejected.ndjson`, 'utf8').split('\n').filter((l) => l !== '').length;
  const problems: string[] = [];
  if (answer.accepted !== expected.accepted || answer.duplicates !== expected.duplicates || answer.rejected !== expected.rejected) {
    problems.push(`answer ${JSON.stringify(answer)} differs from the expected ${JSON.stringify(expected)}`);
  }
  if (stored !== expected.accepted) problems.push(`${stored} rows stored, expected ${expected.accepted}`);
  if (rejectedLines !== expected.rejected) problems.push(`${rejectedLines} lines in the rejected file, expected ${expected.rejected}`);

  // Steady state: from the first progress line past 10 % of the file to the last before 90 %.
  const from = progress.find((p) => p.line >= rows * 0.1);
  const to = [...progress].reverse().find((p) => p.line <= rows * 0.9);
  const steady = from && to && to.t > from.t ? (to.line - from.line) / (to.t - from.t) : null;
  const firstProgress = progress[0];
  const rss = samples.map((s) => s.rssMb);
  const steadySamples = samples.filter((s) => from && to && s.t >= from.t && s.t <= to.t).map((s) => s.rssMb);

  const mb = (v: number) => `${v.toFixed(0)} MB`;
  const fmt = (v: number) => Math.round(v).toLocaleString('en');
  const curve = samples.filter((_, i) => i % Math.max(1, Math.ceil(samples.length / 20)) === 0 || i === samples.length - 1);
  const mix = TYPE_MIX.map(([t, share]) => `${t} ${share} %`).join(', ');
  const report = `# Bulk ingestion benchmark

\`npm run bench:ingest${rows === 1_000_000 ? '' : ` -- --rows ${rows}`}\` (bench/ingest.ts), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit \`${commit}\`${dirty ? ' (with uncommitted changes)' : ''}.
Target (issue 4): 1,000,000 records into PostgreSQL at ≥ 20,000 rows/s on this 2-core machine, memory flat while streaming.

${problems.length === 0 ? '**Answer checked:** the command\'s counts equal what the file must give, the tables hold exactly the accepted rows, and the rejected file has one line per rejected row.' : `**CHECK FAILED:**\n${problems.map((p) => `- ${p}`).join('\n')}`}

## Result

| | |
|---|---|
| rows | ${fmt(rows)} (${(bytes / 1e6).toFixed(0)} MB NDJSON) |
| answer | ${fmt(answer.accepted)} accepted, ${fmt(answer.duplicates)} duplicate, ${fmt(answer.rejected)} rejected |
| wall time of \`npm run ingest\` | ${seconds.toFixed(1)} s (npm and tsx start-up, schema building and connecting included; first progress line at ${firstProgress ? `${firstProgress.t.toFixed(1)} s` : '—'}) |
| **rows/s overall** | **${fmt(rows / seconds)}** (rows in the file ÷ wall time) |
| **rows/s steady state** | **${steady ? fmt(steady) : '—'}** (10 % → 90 % of the file, from the command's progress lines) |
| RSS of the ingest process | min ${mb(Math.min(...rss))}, max ${mb(Math.max(...rss))}; in the steady state ${steadySamples.length ? `${mb(Math.min(...steadySamples))} – ${mb(Math.max(...steadySamples))}` : '—'} (sampled every second from /proc, ${samples.length} samples) |
| RSS of npm + sh + node | max ${mb(Math.max(...samples.map((s) => s.treeRssMb)))} |
| CPU: ingest (npm + node) | ${cpu.ingest.toFixed(1)} s, ${usPerRow(cpu.ingest)} µs a row (${((cpu.ingest / seconds) * 100).toFixed(0)} % of one core over the run) |
| CPU: PostgreSQL | backends of this database ${cpu.backends.toFixed(1)} s, ${usPerRow(cpu.backends)} µs a row; the server's WAL writer, checkpointer and background writer ${cpu.auxiliary.toFixed(1)} s (shared with other databases on the server) |
| CPU: machine | ${(cpu.machineBusy * 100).toFixed(0)} % of both cores busy during the run (everything on the machine, not only this bench) |
| capacity (derived) | ${fmt(capacity)} rows/s: 2 cores ÷ the CPU a row cost in the ingest process and PostgreSQL, i.e. the rate with the machine to itself and both fully used — a bound, not a measurement |
| batch size | ${batch} rows per transaction |

RSS over time (s → MB):

| ${curve.map((s) => s.t.toFixed(0)).join(' | ')} |
|${curve.map(() => '---').join('|')}|
| ${curve.map((s) => s.rssMb.toFixed(0)).join(' | ')} |

## Machine

- ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}
- ${String(settings!.version).split(' on ')[0]}; shared_buffers ${settings!.shared_buffers}, synchronous_commit ${settings!.synchronous_commit}, max_wal_size ${settings!.max_wal_size}, wal_level ${settings!.wal_level} (not tuned by the bench)
- Load average (1, 5, 15 min) at start ${loadStart.map((l) => l.toFixed(2)).join(', ')}; at end ${loadEnd.map((l) => l.toFixed(2)).join(', ')}. The 2 cores are shared with other work (other helpers' tests and builds), so a load above ~1 means the ingest and PostgreSQL did not have the machine to themselves.

## Data

Generated by bench/ingest-data.ts, deterministic: every 100 rows hold ${mix}, as one NDJSON file
with the record type in each row's \`type\` field, ~${Math.round(bytes / rows)} bytes a row. Subjects: 50,000 legal persons and
individual businesses with valid USCCs (1 in 7 an individual business); 3 deciding authorities;
decision dates 2019–2025; penalties with and without fines and confiscations, some with a stated
severity; sector records positive, negative (with severity) and neutral across the domains' sectors.
One row in 200 is broken (${fmt(expected.rejected)} rejects, in rotation: USCC check character,
unknown enum value, impossible date, missing required field, unknown field, decision before 1990,
blank document number, unreadable JSON); about one row in 100 from row 6,000 repeats an earlier row
37 or 5,003 rows back (${fmt(expected.duplicates)} duplicates: within a batch and across batches).

## How

1. Fresh database \`credit_bench_ingest_<time>\` on ${new URL(SERVER).host}, migrated (no seed), department
   \`${DEPARTMENT.code}\` registered for government, business, social and judicial records.
2. \`npm run -s ingest -- <file> --department ${DEPARTMENT.code}${values.batch ? ` --batch ${values.batch}` : ''}\` as a child process (LOG_LEVEL=warn), timed from spawn to exit.
3. Every second: VmRSS of the node process running src/ingest.ts (and of npm + sh + node), CPU of the
   process tree and of the PostgreSQL backends of this database plus the server's auxiliary processes (/proc).
4. After exit: the command's final counts, \`count(*)\` of the six record tables and the lines of
   \`<file>.rejected.ndjson\` are compared with what the generator says the file must give.
   The database and temp dir are then dropped${values.keep ? ' (kept this time: --keep)' : ''}.
`;
  writeFileSync(resultsPath, report);
  log(`${fmt(rows / seconds)} rows/s overall, ${steady ? fmt(steady) : '—'} steady; RSS ${mb(Math.min(...rss))}–${mb(Math.max(...rss))}; written ${resultsPath}`);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
} finally {
  if (!values.keep) {
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  } else log(`kept ${dir} and database ${dbName}`);
  await admin.end();
}
