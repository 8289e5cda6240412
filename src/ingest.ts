import { existsSync, readFileSync, statSync, writeFileSync, appendFileSync, truncateSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { getNullableType, type GraphQLInputObjectType, isListType, parse } from 'graphql';
import { businessSectorRecord } from '../drizzle/schema/business.ts';
import { administrativeLicence, administrativePenalty, governmentSectorRecord } from '../drizzle/schema/government.ts';
import { judicialSectorRecord } from '../drizzle/schema/judicial.ts';
import { socialSectorRecord } from '../drizzle/schema/social.ts';
import { SUBGRAPHS } from '../subgraphs/index.ts';
import { checkLicences, checkPenalties } from '../subgraphs/government/ingest.ts';
import { type DepartmentRow, writingDepartment } from '../subgraphs/kernel/access/departments.ts';
import { loadConfig, type SubgraphName } from '../subgraphs/kernel/config.ts';
import type { Drizzle } from '../subgraphs/kernel/db.ts';
import { readRowChunks } from '../subgraphs/kernel/file-rows.ts';
import { type Coerced, compileInputCoercion } from '../subgraphs/kernel/input-coercion.ts';
import { type CheckedRow, PreparedRows, type RowProblem, storePreparedRows } from '../subgraphs/kernel/ingest.ts';
import { checkSectorRecords, type SectorRecordInput } from '../subgraphs/kernel/sector-records.ts';
import { readSubgraphSdl } from '../subgraphs/kernel/subgraph-server.ts';
import { openDatabase } from './database.ts';

/**
 * `npm run ingest -- <file.ndjson|file.csv> --department <code> [--type <RecordType>]`:
 * streams a submission file through the same validation as the API, in batches each written in
 * one transaction, so an interrupted run leaves no half-written row. Progress is checkpointed
 * after every batch and the next run resumes there (the natural key makes a re-sent batch
 * harmless). Rejected rows go to <file>.rejected.ndjson with their line and reasons.
 *
 * A pipeline of two batches: while one is written, the next is read, coerced and checked.
 */
type Check = (db: Drizzle, department: DepartmentRow, rows: never[], idHashKey: string) => Promise<CheckedRow[]>;
type Table = Parameters<typeof storePreparedRows>[1];

const TARGETS: Record<string, { domain: SubgraphName; input: string; table: Table; check: Check }> = {
  AdministrativePenalty: { domain: 'government', input: 'AdministrativePenaltyInput', table: administrativePenalty, check: checkPenalties as Check },
  AdministrativeLicence: { domain: 'government', input: 'AdministrativeLicenceInput', table: administrativeLicence, check: checkLicences as Check },
  GovernmentRecord: { domain: 'government', input: 'GovernmentRecordInput', table: governmentSectorRecord, check: checkSectorRecords as Check },
  BusinessRecord: { domain: 'business', input: 'BusinessRecordInput', table: businessSectorRecord, check: checkSectorRecords as Check },
  SocialRecord: { domain: 'social', input: 'SocialRecordInput', table: socialSectorRecord, check: checkSectorRecords as Check },
  JudicialRecord: { domain: 'judicial', input: 'JudicialRecordInput', table: judicialSectorRecord, check: checkSectorRecords as Check },
};
const MAX_BATCH = 10_000;

const USAGE = `usage: npm run ingest -- <file.ndjson|file.csv> --department <code> [--type ${Object.keys(TARGETS).join('|')}] [--batch 5000] [--restart]
  Rows name their record type in a "type" field unless --type is given. CSV lists use | between values.`;

function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { department: { type: 'string' }, type: { type: 'string' }, batch: { type: 'string', default: '5000' }, restart: { type: 'boolean', default: false } },
});
const file = positionals[0];
if (!file || !existsSync(file)) fail(file ? `no such file: ${file}` : 'name a file to ingest');
if (!values.department) fail('--department is required: the registered department submitting the file');
if (values.type && !TARGETS[values.type]) fail(`unknown --type ${values.type}`);
const batchSize = Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) fail(`--batch is 1 to ${MAX_BATCH}`);

/**
 * Input types from each subgraph's own schema: the file is checked exactly as the API checks
 * it, by a coercion compiled once per type (subgraphs/kernel/input-coercion.ts).
 */
const inputTypes = new Map<string, GraphQLInputObjectType>();
const coercions = new Map<string, (row: Record<string, unknown>) => Coerced>();
for (const [type, target] of Object.entries(TARGETS)) {
  const schema = buildSubgraphSchema({ typeDefs: parse(readSubgraphSdl(target.domain)), resolvers: SUBGRAPHS[target.domain].resolvers as never });
  const input = schema.getType(target.input) as GraphQLInputObjectType;
  inputTypes.set(type, input);
  // The record-type column is the file's, not the input's.
  coercions.set(type, compileInputCoercion(input, { ignore: 'type' }));
}

/** CSV gives strings: empty means absent, list fields are split on |. */
function fromCsvStrings(row: Record<string, unknown>, input: GraphQLInputObjectType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(row)) {
    if (key === 'type' || raw === '' || raw === undefined) continue;
    const field = input.getFields()[key];
    out[key] = field && isListType(getNullableType(field.type)) && typeof raw === 'string' ? raw.split('|').filter((s) => s !== '') : raw;
  }
  return out;
}

interface Checkpoint {
  fingerprint: string;
  line: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Size of the rejected file when the checkpoint was written: a resumed run cuts it back there. */
  rejectedBytes?: number;
}

const config = loadConfig();
const fingerprint = `${statSync(file).size}:${statSync(file).mtimeMs}`;
const checkpointPath = `${file}.checkpoint.json`;
const rejectedPath = `${file}.rejected.ndjson`;
let state: Checkpoint = { fingerprint, line: 0, accepted: 0, duplicates: 0, rejected: 0, rejectedBytes: 0 };
if (!values.restart && existsSync(checkpointPath)) {
  const saved = JSON.parse(readFileSync(checkpointPath, 'utf8')) as Checkpoint;
  if (saved.fingerprint === fingerprint) {
    state = saved;
    console.error(`resuming after line ${state.line}`);
  }
}
if (state.line === 0) writeFileSync(rejectedPath, '');
// Rows rejected after the last checkpoint are read again: their lines must not appear twice.
else if (state.rejectedBytes !== undefined && existsSync(rejectedPath) && statSync(rejectedPath).size > state.rejectedBytes) {
  truncateSync(rejectedPath, state.rejectedBytes);
}
state.rejectedBytes ??= existsSync(rejectedPath) ? statSync(rejectedPath).size : 0;

const database = await openDatabase(config);
const db = database.drizzle('ingest');
const caller = { principal: { kind: 'department' as const, id: values.department, scopes: new Set<string>() }, purpose: null };
const departments = new Map<string, DepartmentRow>();
async function departmentFor(domain: string): Promise<DepartmentRow> {
  let d = departments.get(domain);
  if (!d) {
    d = await writingDepartment(db, caller, domain).catch((e: Error) => fail(`department ${values.department}: ${e.message}`));
    departments.set(domain, d);
  }
  return d;
}

console.error(`ingesting ${file} in batches of ${batchSize}`);
const started = Date.now();
let seen = 0;
let lastReport = 0;
function report(final = false): void {
  const now = Date.now();
  if (!final && now - lastReport < 1000) return;
  lastReport = now;
  const rate = Math.round((seen / Math.max(1, now - started)) * 1000);
  console.error(`line ${state.line}: ${state.accepted} accepted, ${state.duplicates} duplicate, ${state.rejected} rejected — ${rate} rows/s`);
}

interface Rejection {
  line: number;
  type: string | null;
  problems: RowProblem[];
}

/**
 * Rows read since the last batch, already coerced and checked: by type, each row kept as its
 * natural key and its column values (kernel PreparedRows), and the rejected rows.
 */
class Batch {
  readonly groups = new Map<string, PreparedRows>();
  readonly rejected: Rejection[] = [];
  /** Coerced rows waiting for their checks, by type: checked together, so old codes are looked up once a batch. */
  readonly coerced = new Map<string, { lines: number[]; values: never[] }>();
  size = 0;
  upTo = 0;

  push(type: string, line: number, value: never): void {
    let pending = this.coerced.get(type);
    if (!pending) this.coerced.set(type, (pending = { lines: [], values: [] }));
    pending.lines.push(line);
    pending.values.push(value);
  }

  /** Runs the row checks of every type (each subject lookup one statement a type). */
  async check(): Promise<void> {
    for (const [type, { lines, values }] of this.coerced) {
      const target = TARGETS[type]!;
      const department = departments.get(target.domain) ?? (await departmentFor(target.domain));
      const checked = await target.check(db, department, values, config.idHashKey);
      for (let i = 0; i < checked.length; i++) this.add(type, lines[i]!, checked[i]!);
    }
    this.coerced.clear();
  }

  add(type: string, line: number, checked: CheckedRow): void {
    if (checked.row === null) this.rejected.push({ line, type, problems: checked.problems });
    // Rejected rows of a known type stay in their group too: the batch's record event counts them (月报).
    let rows = this.groups.get(type);
    if (!rows) this.groups.set(type, (rows = new PreparedRows()));
    rows.add(checked, rows.size);
  }

  /** A row refused before its checks (its coercion failed). */
  reject(type: string, line: number, problems: RowProblem[]): void {
    this.add(type, line, { index: 0, row: null, problems });
  }
}

/** One transaction for the whole batch, then its rejected rows and the checkpoint, in order. */
async function write(batch: Batch): Promise<void> {
  let accepted = 0;
  let duplicates = 0;
  if (batch.groups.size > 0) {
    await db.transaction(async (tx) => {
      // All types at once: their inserts go out together (postgres.js pipelines them on the
      // transaction's connection), so the database does not wait on this process between types.
      const results = await Promise.all(
        [...batch.groups].map(async ([type, rows]) => {
          const target = TARGETS[type]!;
          const departmentUscc = departments.get(target.domain)?.uscc ?? (await departmentFor(target.domain)).uscc;
          return storePreparedRows(tx as unknown as Drizzle, target.table, { domain: target.domain, type, departmentUscc }, rows);
        }),
      );
      for (const result of results) {
        accepted += result.accepted;
        duplicates += result.duplicates;
      }
    });
  }
  state.accepted += accepted;
  state.duplicates += duplicates;
  if (batch.rejected.length > 0) {
    batch.rejected.sort((a, b) => a.line - b.line);
    const text = batch.rejected.map((r) => `${JSON.stringify(r)}\n`).join('');
    appendFileSync(rejectedPath, text);
    state.rejected += batch.rejected.length;
    state.rejectedBytes = state.rejectedBytes! + Buffer.byteLength(text);
  }
  state.line = batch.upTo;
  writeFileSync(checkpointPath, JSON.stringify(state));
  report();
}

/** The batch being written; at most one more is read and checked meanwhile: memory stays flat. */
let writing: Promise<void> = Promise.resolve();

async function submit(batch: Batch): Promise<void> {
  // Checked while the batch before is still being written.
  await batch.check();
  await writing;
  writing = write(batch);
  // Failures surface at the next await of `writing`, not as an unhandled rejection meanwhile.
  writing.catch(() => {});
}

const csv = file.endsWith('.csv');
let batch = new Batch();
for await (const chunk of readRowChunks(file)) {
  for (const row of chunk) {
    if (row.line <= state.line) continue;
    seen++;
    batch.size++;
    batch.upTo = row.line;
    if (!row.value) {
      batch.rejected.push({ line: row.line, type: null, problems: [{ field: '(row)', reason: 'UNREADABLE', message: row.error ?? 'unreadable row' }] });
    } else {
      const type = values.type ?? (typeof row.value.type === 'string' ? row.value.type : '');
      const coerce = coercions.get(type);
      if (!coerce) {
        batch.rejected.push({ line: row.line, type: type || null, problems: [{ field: 'type', reason: 'UNKNOWN_TYPE', message: `one of ${Object.keys(TARGETS).join(', ')}` }] });
      } else {
        const { value, problems } = coerce(csv ? fromCsvStrings(row.value, inputTypes.get(type)!) : row.value);
        if (value) batch.push(type, row.line, value as never);
        // GraphQL's message repeats the value: never an ID number in the rejected file.
        else batch.reject(type, row.line, problems.map((p) => (p.field === 'subjectIdNumber' ? { ...p, message: 'an ID number is given as a string' } : p)));
      }
    }
    if (batch.size >= batchSize) {
      await submit(batch);
      batch = new Batch();
    }
  }
}
if (batch.size > 0) await submit(batch);
await writing;
report(true);
await database.close();
console.log(JSON.stringify({ file, accepted: state.accepted, duplicates: state.duplicates, rejected: state.rejected, rejectedRows: state.rejected > 0 ? rejectedPath : null }));
