import { existsSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { coerceInputValue, getNullableType, type GraphQLInputObjectType, isListType, parse } from 'graphql';
import { businessSectorRecord } from '../drizzle/schema/business.ts';
import { governmentSectorRecord } from '../drizzle/schema/government.ts';
import { judicialSectorRecord } from '../drizzle/schema/judicial.ts';
import { socialSectorRecord } from '../drizzle/schema/social.ts';
import { SUBGRAPHS } from '../subgraphs/index.ts';
import { submitLicences, submitPenalties } from '../subgraphs/government/ingest.ts';
import { type DepartmentRow, writingDepartment } from '../subgraphs/kernel/access/departments.ts';
import { loadConfig, type SubgraphName } from '../subgraphs/kernel/config.ts';
import type { Drizzle } from '../subgraphs/kernel/db.ts';
import { readRows } from '../subgraphs/kernel/file-rows.ts';
import type { RowProblem, SubmissionResult } from '../subgraphs/kernel/ingest.ts';
import { type SectorRecordInput, type SectorRecordTable, submitSectorRecords } from '../subgraphs/kernel/sector-records.ts';
import { readSubgraphSdl } from '../subgraphs/kernel/subgraph-server.ts';
import { openDatabase } from './stack.ts';

/**
 * `npm run ingest -- <file.ndjson|file.csv> --department <code> [--type <RecordType>]`:
 * streams a submission file through the same validation as the API, in batches each written in
 * one transaction, so an interrupted run leaves no half-written row. Progress is checkpointed
 * after every batch and the next run resumes there (the natural key makes a re-sent batch
 * harmless). Rejected rows go to <file>.rejected.ndjson with their line and reasons.
 */
type Submit = (db: Drizzle, department: DepartmentRow, rows: never[], idHashKey: string) => Promise<SubmissionResult>;

function sector(table: SectorRecordTable, domain: string, type: string): Submit {
  return (db, department, rows, idHashKey) => submitSectorRecords(db, table, { domain, type }, department, rows as SectorRecordInput[], idHashKey);
}

const TARGETS: Record<string, { domain: SubgraphName; input: string; submit: Submit }> = {
  AdministrativePenalty: { domain: 'government', input: 'AdministrativePenaltyInput', submit: submitPenalties as Submit },
  AdministrativeLicence: { domain: 'government', input: 'AdministrativeLicenceInput', submit: submitLicences as Submit },
  GovernmentRecord: { domain: 'government', input: 'GovernmentRecordInput', submit: sector(governmentSectorRecord, 'government', 'GovernmentRecord') },
  BusinessRecord: { domain: 'business', input: 'BusinessRecordInput', submit: sector(businessSectorRecord, 'business', 'BusinessRecord') },
  SocialRecord: { domain: 'social', input: 'SocialRecordInput', submit: sector(socialSectorRecord, 'social', 'SocialRecord') },
  JudicialRecord: { domain: 'judicial', input: 'JudicialRecordInput', submit: sector(judicialSectorRecord, 'judicial', 'JudicialRecord') },
};

const USAGE = `usage: npm run ingest -- <file.ndjson|file.csv> --department <code> [--type ${Object.keys(TARGETS).join('|')}] [--batch 2000] [--restart]
  Rows name their record type in a "type" field unless --type is given. CSV lists use | between values.`;

function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { department: { type: 'string' }, type: { type: 'string' }, batch: { type: 'string', default: '2000' }, restart: { type: 'boolean', default: false } },
});
const file = positionals[0];
if (!file || !existsSync(file)) fail(file ? `no such file: ${file}` : 'name a file to ingest');
if (!values.department) fail('--department is required: the registered department submitting the file');
if (values.type && !TARGETS[values.type]) fail(`unknown --type ${values.type}`);
const batchSize = Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) fail('--batch is 1 to 5000');

/** Input types from each subgraph's own schema: the file is checked exactly as the API checks it. */
const inputTypes = new Map<string, GraphQLInputObjectType>();
for (const [type, target] of Object.entries(TARGETS)) {
  const schema = buildSubgraphSchema({ typeDefs: parse(readSubgraphSdl(target.domain)), resolvers: SUBGRAPHS[target.domain].resolvers as never });
  inputTypes.set(type, schema.getType(target.input) as GraphQLInputObjectType);
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

function coerce(row: Record<string, unknown>, type: string, csv: boolean): { value: never | null; problems: RowProblem[] } {
  const input = inputTypes.get(type)!;
  const problems: RowProblem[] = [];
  const cleaned = csv ? fromCsvStrings(row, input) : Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'type'));
  const value = coerceInputValue(cleaned, input, (path, _invalid, error) => {
    const field = path.join('.') || '(row)';
    // GraphQL's message repeats the value: never an ID number in the rejected file.
    const message = field === 'subjectIdNumber' ? 'an ID number is given as a string' : error.message;
    problems.push({ field, reason: 'INVALID_VALUE', message });
  });
  return { value: problems.length === 0 ? (value as never) : null, problems };
}

interface Checkpoint {
  fingerprint: string;
  line: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

const config = loadConfig();
const fingerprint = `${statSync(file).size}:${statSync(file).mtimeMs}`;
const checkpointPath = `${file}.checkpoint.json`;
const rejectedPath = `${file}.rejected.ndjson`;
let state: Checkpoint = { fingerprint, line: 0, accepted: 0, duplicates: 0, rejected: 0 };
if (!values.restart && existsSync(checkpointPath)) {
  const saved = JSON.parse(readFileSync(checkpointPath, 'utf8')) as Checkpoint;
  if (saved.fingerprint === fingerprint) {
    state = saved;
    console.error(`resuming after line ${state.line}`);
  }
}
if (state.line === 0) writeFileSync(rejectedPath, '');

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

type Pending = { line: number; type: string; value: never }[];
let pending: Pending = [];
let lastLine = state.line;
/** The batch being written: the next one is parsed and checked meanwhile. */
let writing: Promise<void> = Promise.resolve();

function flush(): Promise<void> {
  const batch = pending;
  const upTo = lastLine;
  pending = [];
  writing = writing.then(() => write(batch, upTo));
  return writing;
}

async function write(batch: Pending, upTo: number): Promise<void> {
  const byType = new Map<string, Pending>();
  for (const p of batch) {
    const list = byType.get(p.type);
    if (list) list.push(p);
    else byType.set(p.type, [p]);
  }
  for (const [type, rows] of byType) {
    const target = TARGETS[type]!;
    const result = await target.submit(db, await departmentFor(target.domain), rows.map((r) => r.value), config.idHashKey);
    state.accepted += result.accepted;
    state.duplicates += result.duplicates;
    for (const r of result.results) {
      if (r.status === 'REJECTED') reject(rows[r.index]!.line, type, r.problems);
    }
  }
  state.line = upTo;
  writeFileSync(checkpointPath, JSON.stringify(state));
  report();
}

function reject(line: number, type: string | null, problems: RowProblem[]): void {
  state.rejected++;
  appendFileSync(rejectedPath, `${JSON.stringify({ line, type, problems })}\n`);
}

const csv = file.endsWith('.csv');
for await (const row of readRows(file)) {
  if (row.line <= state.line) continue;
  seen++;
  lastLine = row.line;
  if (!row.value) {
    reject(row.line, null, [{ field: '(row)', reason: 'UNREADABLE', message: row.error ?? 'unreadable row' }]);
    continue;
  }
  const type = values.type ?? (typeof row.value.type === 'string' ? row.value.type : '');
  if (!TARGETS[type]) {
    reject(row.line, type || null, [{ field: 'type', reason: 'UNKNOWN_TYPE', message: `one of ${Object.keys(TARGETS).join(', ')}` }]);
    continue;
  }
  const { value, problems } = coerce(row.value, type, csv);
  if (!value) reject(row.line, type, problems);
  else pending.push({ line: row.line, type, value });
  if (pending.length >= batchSize) {
    // At most one batch waits behind the one being written: memory stays flat.
    await writing;
    void flush();
  }
}
await flush();
report(true);
await database.close();
console.log(JSON.stringify({ file, accepted: state.accepted, duplicates: state.duplicates, rejected: state.rejected, rejectedRows: state.rejected > 0 ? rejectedPath : null }));
