import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { Database } from './subgraphs/kernel/db.ts';
import { appendAccesses, sealPending, verifyChain, listAccesses, type AccessEntry } from './subgraphs/kernel/query-log/index.ts';
const N = 100_000;
const kind = process.argv[2] ?? 'postgres';
const name = `qlog_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres('postgres://postgres@127.0.0.1:5432/postgres', { max: 1, onnotice: () => {} });
let d: Database;
if (kind === 'postgres') { await admin.unsafe(`create database "${name}"`); d = await Database.open({ url: `postgres://postgres@127.0.0.1:5432/${name}` }); }
else d = await Database.open({});
await d.migrate();
const db = d.drizzle('bench');
const t = () => performance.now();
const entries: AccessEntry[] = Array.from({ length: N }, (_, i) => ({
  requestId: `req-${Math.floor(i / 2)}`, callerKind: 'AGENCY', callerId: `C${i % 50}`, subjectType: 'LEGAL_PERSON',
  subjectId: `S${i % 3000}`, fields: ['LegalPerson.creditScore', `LegalPerson.f${i % 7}`], purpose: 'LOAN_APPROVAL',
  accessedAt: new Date(Date.UTC(2024, 0, 1) + i * 10),
}));
let s = t();
for (let i = 0; i < N; i += 5000) await appendAccesses(db, entries.slice(i, i + 5000));
console.log(kind, `append ${N} rows (20 INSERTs of 5000): ${(t() - s).toFixed(0)} ms`);
s = t(); let n = 0, batches = 0;
for (let k = await sealPending(db, { all: true }); k > 0; k = await sealPending(db, { all: true })) { n += k; batches++; }
console.log(kind, `seal ${N} pending rows -> ${n} entries in ${batches} batches of 5000: ${(t() - s).toFixed(0)} ms`);
s = t();
const r = await verifyChain(db);
console.log(kind, `verify ${r.entries} entries: ${(t() - s).toFixed(0)} ms ok=${r.ok}`);
s = t(); await listAccesses(db, { subjectId: 'S17' }, { first: 20 }); const l1 = t() - s;
s = t(); const c = await listAccesses(db, {}, { first: 100 }); const l2 = t() - s;
console.log(kind, `listAccesses subject: ${l1.toFixed(1)} ms, unfiltered first 100: ${l2.toFixed(1)} ms total=${c.totalCount}`);
// also: one big batch
await db.execute(sql`truncate access.query_log, access.query_log_pending`);
for (let i = 0; i < N; i += 5000) await appendAccesses(db, entries.slice(i, i + 5000));
s = t(); n = await sealPending(db, { all: true, max: N });
console.log(kind, `seal ${N} pending rows in one batch (max ${N}) -> ${n}: ${(t() - s).toFixed(0)} ms`);
await d.close();
if (kind === 'postgres') await admin.unsafe(`drop database "${name}" with (force)`);
await admin.end();
