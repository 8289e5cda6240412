import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { DEMO_SANCTION_MEASURES } from '../drizzle/seed/sanction-measures.ts';
import { SHOWCASE } from '../drizzle/seed/generate.ts';

/**
 * The benchmark's data: a PostgreSQL database `credit_bench_<size>` made once and reused while
 * it holds what was asked for (generation at full scale takes many minutes). It is the project's
 * seed (`drizzle/seed/cli.ts`, N legal persons with records in every domain) topped up to the
 * requested number of records by copying licences and penalties of legal persons with new
 * document numbers and earlier decision dates, then VACUUM ANALYZE. A row in `bench.meta` marks
 * it complete, so an interrupted generation is redone rather than measured.
 */

export const BENCH_AGENCY = { uscc: '91350100M000100Y43', name: '基准测试征信有限公司', purpose: 'LOAN_APPROVAL' } as const;
export const SHOWCASE_USCC: string = SHOWCASE.enterprise.uscc;
/** The department whose token checks sanctions (a demo department; the seed registers it). */
export const BENCH_DEPARTMENT = 'dl-market';

/** The five record tables the profile reads; "records" also counts any other record table (sector records). */
export const RECORD_TABLES = [
  'government.administrative_penalty',
  'government.administrative_licence',
  'business.tax_credit_rating',
  'social.wage_arrears_record',
  'judicial.dishonest_judgment_debtor',
] as const;
const DOMAIN_SCHEMAS = ['government', 'business', 'social', 'judicial'];

/** Record tables: every table of a domain schema keyed by a subject (`subject_uscc`). */
async function recordTables(sql: postgres.Sql): Promise<string[]> {
  const found = await sql<{ t: string }[]>`
    select table_schema || '.' || table_name as t from information_schema.columns
    where column_name = 'subject_uscc' and table_schema in ${sql(DOMAIN_SCHEMAS)}
    order by table_schema, table_name`;
  const names = found.map((r) => r.t);
  return [...RECORD_TABLES.filter((t) => names.includes(t)), ...names.filter((t) => !(RECORD_TABLES as readonly string[]).includes(t))];
}

export interface DataInfo {
  database: string;
  url: string;
  size: number;
  recordsTarget: number;
  counts: Record<string, number>;
  records: number;
  /** Seconds the generation took when it was made (from bench.meta). */
  generationSeconds: number;
  generatedAt: string;
  reused: boolean;
  databaseBytes: number;
}

export interface DataOptions {
  size: number;
  records: number;
  /** Server URL without a database name, e.g. postgres://postgres@127.0.0.1:5432 */
  server: string;
  root: string;
  log: (line: string) => void;
  regenerate: boolean;
}

async function exactCounts(sql: postgres.Sql): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['platform.legal_person', 'platform.natural_person', 'identity.legal_person_code', ...(await recordTables(sql))]) {
    const [r] = await sql.unsafe<{ n: string }[]>(`select count(*)::bigint as n from ${table}`);
    counts[table] = Number(r!.n);
  }
  return counts;
}

function recordsOf(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([t]) => !t.startsWith('platform.') && !t.startsWith('identity.'))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** Runs one of the project's own scripts against the bench database. */
function runScript(options: DataOptions, url: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: options.root,
      env: { ...process.env, DATABASE_URL: url, SEED_SIZE: '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const stop = () => child.kill('SIGTERM');
    process.once('exit', stop);
    child.on('exit', (code) => {
      process.removeListener('exit', stop);
      if (code === 0) resolve();
      else reject(new Error(`${args.join(' ')} exited with code ${code}`));
    });
  });
}

/** Columns of a table but the generated ones (id, received_at), in table order. */
async function copyableColumns(sql: postgres.Sql, table: string): Promise<{ name: string; isDate: boolean }[]> {
  const [schema, name] = table.split('.') as [string, string];
  const cols = await sql<{ column_name: string; data_type: string }[]>`
    select column_name, data_type from information_schema.columns
    where table_schema = ${schema} and table_name = ${name} and column_name not in ('id', 'received_at')
    order by ordinal_position`;
  return cols.map((c) => ({ name: c.column_name, isDate: c.data_type === 'date' }));
}

/**
 * Adds `extra` rows to `table` as copies of its legal persons' rows: copy g of a row gets the
 * document number `<number>-B<g>` (its natural key stays unique) and every date (decision,
 * publication, validity) g×97 days earlier, so each copy keeps its own publication window.
 * Copies are made one round at a time over all rows, so every subject gains evenly.
 */
async function topUp(sql: postgres.Sql, table: string, extra: number, log: (l: string) => void): Promise<void> {
  if (extra <= 0) return;
  const columns = await copyableColumns(sql, table);
  const [{ max, n }] = (await sql.unsafe(
    `select max(id)::bigint as max, count(*)::bigint as n from ${table} where subject_uscc is not null`,
  )) as unknown as [{ max: string; n: string }];
  const base = Number(n);
  if (base === 0) throw new Error(`${table} has no rows of legal persons to copy`);
  const select = columns
    .map((c) => (c.name === 'document_number' ? `t.document_number || '-B' || $1::int` : c.isDate ? `t.${c.name} - ($1::int * 97)` : `t.${c.name}`))
    .join(', ');
  let left = extra;
  for (let g = 1; left > 0; g++) {
    const take = Math.min(left, base);
    const started = performance.now();
    await sql.unsafe(
      `insert into ${table} (${columns.map((c) => c.name).join(', ')})
       select ${select} from ${table} t where t.subject_uscc is not null and t.id <= $2::bigint order by t.id limit $3::bigint`,
      [g, max, take],
    );
    left -= take;
    log(`  ${table}: copy ${g}, +${take.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** Makes (or reuses) the benchmark database and returns what it holds. */
export async function ensureData(options: DataOptions): Promise<DataInfo> {
  const database = `credit_bench_${options.size}`;
  const url = `${options.server}/${database}`;
  const admin = postgres(`${options.server}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const exists = (await admin`select 1 from pg_database where datname = ${database}`).length > 0;
    if (exists && !options.regenerate) {
      const db = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const meta = await db`select value from bench.meta where key = 'complete'`.catch(() => []);
        const info = meta[0]?.value as { size: number; records: number; seconds: number; at: string } | undefined;
        if (info && info.size === options.size && info.records >= options.records) {
          // The tree moves on: apply any migration added since the data was made (never seeds).
          await runScript(options, url, ['src/migrate.ts']);
          const counts = await exactCounts(db);
          if (counts['platform.legal_person'] === options.size && recordsOf(counts) >= options.records) {
            options.log(`data: reusing ${database} (${recordsOf(counts).toLocaleString('en')} records, made ${info.at})`);
            return { database, url, size: options.size, recordsTarget: options.records, counts, records: recordsOf(counts), generationSeconds: info.seconds, generatedAt: info.at, reused: true, databaseBytes: await databaseBytes(db, database) };
          }
        }
        options.log(`data: ${database} exists but is not a complete set of ${options.size} legal persons and ${options.records} records: making it again`);
      } finally {
        await db.end({ timeout: 5 });
      }
    }
    if (exists) await admin.unsafe(`drop database "${database}" with (force)`);
    await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }

  const started = performance.now();
  options.log(`data: seeding ${options.size.toLocaleString('en')} legal persons into ${database} (drizzle/seed/cli.ts)…`);
  await runScript(options, url, ['drizzle/seed/cli.ts', '--size', String(options.size), '--chunk', '5000']);
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    let counts = await exactCounts(db);
    const missing = options.records - recordsOf(counts);
    if (missing > 0) {
      options.log(`data: ${recordsOf(counts).toLocaleString('en')} records after the seed; adding ${missing.toLocaleString('en')} (2/3 licences, 1/3 penalties)…`);
      const licences = Math.round((missing * 2) / 3);
      await topUp(db, 'government.administrative_licence', licences, options.log);
      await topUp(db, 'government.administrative_penalty', missing - licences, options.log);
    }
    options.log('data: vacuum analyze…');
    await db.unsafe('vacuum analyze');
    counts = await exactCounts(db);
    const seconds = (performance.now() - started) / 1000;
    const at = new Date().toISOString();
    await db.unsafe('create schema if not exists bench');
    await db.unsafe('create table if not exists bench.meta (key text primary key, value jsonb not null)');
    await db`insert into bench.meta (key, value) values ('complete', ${db.json({ size: options.size, records: options.records, seconds, at })})
             on conflict (key) do update set value = excluded.value`;
    options.log(`data: ${database} ready in ${seconds.toFixed(0)} s: ${recordsOf(counts).toLocaleString('en')} records`);
    return { database, url, size: options.size, recordsTarget: options.records, counts, records: recordsOf(counts), generationSeconds: seconds, generatedAt: at, reused: false, databaseBytes: await databaseBytes(db, database) };
  } finally {
    await db.end({ timeout: 5 });
  }
}

async function databaseBytes(sql: postgres.Sql, database: string): Promise<number> {
  const [r] = await sql<{ n: string }[]>`select pg_database_size(${database})::bigint as n`;
  return Number(r!.n);
}

export interface Prewarm {
  /** Bytes of tables and indexes read, and how long it took; 0 / skipped when they would not fit. */
  bytes: number;
  seconds: number;
  relations: number;
  /** MB of it that came from disk: what the page cache had dropped since the last prewarm. */
  diskMb: number;
  skipped?: string;
}

/** KB read from block devices since boot (/proc/vmstat pgpgin): what a stretch of work read from disk. */
export function diskReadKb(): number {
  return Number(/^pgpgin (\d+)$/m.exec(readFileSync('/proc/vmstat', 'utf8'))?.[1] ?? 0);
}

/**
 * Reads every table and index of the data into the OS page cache (pg_prewarm, mode `read`).
 * Called before every cell, not once per run: this machine's page cache is reclaimed continuously
 * from outside (an idle 8.3 GB of cached data was 6.3 GB two and a half minutes later, with 19 GB
 * free), so one prewarm at the start left the cells run twenty minutes later reading from disk.
 * Reading what is still cached costs a few seconds; `diskMb` says how much had been dropped.
 * Skipped (and said so) when the data would take more than half of the memory available.
 */
export async function prewarmDatabase(url: string, log?: (l: string) => void): Promise<Prewarm> {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await db.unsafe('create extension if not exists pg_prewarm');
    const relations = await db<{ oid: number; bytes: string }[]>`
      select c.oid::int as oid, pg_relation_size(c.oid)::bigint as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'i', 'm', 't') and n.nspname not in ('pg_catalog', 'information_schema') order by bytes desc`;
    const bytes = relations.reduce((sum, r) => sum + Number(r.bytes), 0);
    const available = Number(/MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) * 1024;
    if (bytes > available / 2) {
      const skipped = `${(bytes / 2 ** 30).toFixed(1)} GB of tables and indexes, ${(available / 2 ** 30).toFixed(1)} GB of memory available`;
      log?.(`prewarm: skipped (${skipped})`);
      return { bytes: 0, seconds: 0, relations: 0, diskMb: 0, skipped };
    }
    const started = performance.now();
    const readBefore = diskReadKb();
    for (const r of relations) await db`select pg_prewarm(${r.oid}::regclass, 'read')`;
    const seconds = (performance.now() - started) / 1000;
    const diskMb = (diskReadKb() - readBefore) / 1024;
    log?.(`prewarm: ${(bytes / 2 ** 30).toFixed(2)} GB in ${relations.length} tables and indexes read into the page cache in ${seconds.toFixed(0)} s (${diskMb.toFixed(0)} MB of it from disk)`);
    return { bytes, seconds, relations: relations.length, diskMb };
  } finally {
    await db.end({ timeout: 5 });
  }
}

export interface Fixtures {
  /** Legal persons in a fixed pseudo-random order: the distinct-subject workloads walk it. */
  subjects: string[];
  /** Name-search queries a user would type: a trade name and the industry word after it. */
  searchQueries: string[];
  /** Subjects that consented to the bench agency (all of `subjects`). */
  consents: number;
}

/**
 * Per-run fixtures: a sample of subjects (deterministic: ordered by md5), name-search queries cut
 * from their names, the bench agency registered and consented to by every sampled subject
 * (expiring in a day), and an emptied query log so runs do not grow it without bound.
 */
export async function prepareFixtures(url: string, sampleSize: number, log: (l: string) => void): Promise<Fixtures> {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const sample = await db<{ uscc: string; name: string }[]>`
      select uscc, name from platform.legal_person order by md5(uscc || 'bench') limit ${sampleSize}`;
    const subjects = sample.map((r) => r.uscc.trim());
    const searchQueries = sample.slice(0, 20_000).map((r) => searchQueryFrom(r.name)).filter((q) => [...q].length >= 2);
    await db`insert into access.agency (uscc, name, licence_number, allowed_purposes)
             values (${BENCH_AGENCY.uscc}, ${BENCH_AGENCY.name}, 'BENCH-1', ${[BENCH_AGENCY.purpose]})
             on conflict (uscc) do update set status = 'ACTIVE', allowed_purposes = excluded.allowed_purposes`;
    await db`delete from access.consent where agency_uscc = ${BENCH_AGENCY.uscc}`;
    const all = [...new Set([SHOWCASE_USCC, ...subjects])];
    await db`insert into access.consent (subject_type, subject_id, agency_uscc, purpose, expires_at)
             select 'LEGAL_PERSON', s, ${BENCH_AGENCY.uscc}, ${BENCH_AGENCY.purpose}, now() + interval '1 day'
             from unnest(${all}::text[]) s`;
    await db`truncate access.query_log, access.query_log_pending`;
    // Sanctions checks: the demo measures list (a database seeded before it existed has none), and
    // no cases left from an earlier run, so every run checks against the same table sizes.
    const [{ n }] = (await db`select count(*)::int as n from platform.sanction_measure`) as unknown as [{ n: number }];
    if (n === 0) {
      await db`insert into platform.sanction_measure ${db(DEMO_SANCTION_MEASURES.map((m) => ({
        list_type: m.listType, list_name: m.listName ?? null, scenario: m.scenario, department_code: m.departmentCode,
        legal_basis: m.legalBasis, action: m.action, content: m.content, created_by: m.createdBy,
      })))}`;
    }
    await db`truncate platform.sanction_feedback, platform.sanction_case`;
    await db.unsafe('analyze access.consent');
    log(`fixtures: ${subjects.length.toLocaleString('en')} sampled subjects (all consenting to ${BENCH_AGENCY.uscc}), ${searchQueries.length.toLocaleString('en')} search queries`);
    return { subjects, searchQueries, consents: all.length };
  } finally {
    await db.end({ timeout: 5 });
  }
}

const PREFIXES = ['大连市', '大连', '辽宁', '瓦房店市', '庄河市', '普兰店区', '长海县'];

/** "大连汇恒物流有限公司" → "汇恒物流": the part of a name people type into a search box. */
export function searchQueryFrom(name: string): string {
  let rest = name;
  for (const p of PREFIXES) {
    if (rest.startsWith(p)) {
      rest = rest.slice(p.length);
      break;
    }
  }
  rest = rest.replace(/^(中山区|西岗区|沙河口区|甘井子区|旅顺口区|金州区|普兰店区)/, '');
  return [...rest].slice(0, 4).join('');
}
