import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Database, rows, type Drizzle } from '../../subgraphs/kernel/db.ts';
import {
  appendAccesses,
  entryHash,
  GENESIS_HASH,
  listAccesses,
  sealPending,
  startSealer,
  verifyChain,
  type AccessEntry,
  type AccessRecord,
} from '../../subgraphs/kernel/query-log/index.ts';
import { SEAL_LOCK_KEY } from '../../subgraphs/kernel/query-log/sealer.ts';

/**
 * Runs on in-memory PGlite, or, when DATABASE_URL is set, on a throwaway database of that
 * server (created here, dropped at the end). Every test starts from an empty log.
 */
const serverUrl = process.env.DATABASE_URL;
const dbName = `qlog_test_${randomBytes(4).toString('hex')}`;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let database: Database;
let db: Drizzle;
let dbUrl: string | undefined;
let admin: postgres.Sql | undefined;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

beforeAll(async () => {
  if (serverUrl) {
    admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${dbName}"`);
    dbUrl = withDatabase(serverUrl, dbName);
  }
  database = await Database.open({ url: dbUrl, poolSize: 4 });
  await database.migrate();
  db = database.drizzle('qlog-test');
});

afterAll(async () => {
  await database?.close();
  if (admin) {
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
});

beforeEach(async () => {
  await db.execute(sql`truncate access.query_log, access.query_log_pending`);
});

const T0 = new Date('2024-03-01T08:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function access(overrides: Partial<AccessEntry> = {}): AccessEntry {
  return {
    requestId: 'req-1',
    callerKind: 'AGENCY',
    callerId: '91210200MA0XXXXX1A',
    subjectType: 'LEGAL_PERSON',
    subjectId: '91210200000000001X',
    fields: ['LegalPerson.creditScore'],
    purpose: 'LOAN_APPROVAL',
    accessedAt: T0,
    ...overrides,
  };
}

interface ChainRow extends Record<string, unknown> {
  seq: unknown;
  prev_hash: string;
  hash: string;
  fields: string[];
  subject_id: string;
}

async function chain(): Promise<ChainRow[]> {
  return rows<ChainRow>(db, sql`select seq::int as seq, prev_hash, hash, fields, subject_id from access.query_log order by seq`);
}

async function pendingCount(): Promise<number> {
  const [r] = await rows<{ n: unknown }>(db, sql`select count(*)::int as n from access.query_log_pending`);
  return Number(r!.n);
}

/** N requests of one subject each, one second apart. */
async function sealedEntries(n: number, subjectOf = (i: number) => `S${i % 2}`): Promise<void> {
  await appendAccesses(
    db,
    Array.from({ length: n }, (_, i) => access({ requestId: `r${i}`, subjectId: subjectOf(i), accessedAt: at(i) })),
  );
  await sealPending(db, { all: true });
}

describe('append and seal', () => {
  it('seals appended accesses into a valid chain and empties pending', async () => {
    await appendAccesses(db, []);
    await appendAccesses(db, [access({ requestId: 'a' }), access({ requestId: 'b' }), access({ requestId: 'c' })]);
    expect(await pendingCount()).toBe(3);
    expect(await sealPending(db, { all: true })).toBe(3);
    expect(await pendingCount()).toBe(0);
    const rowsNow = await chain();
    expect(rowsNow.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(rowsNow[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rowsNow[1]!.prev_hash).toBe(rowsNow[0]!.hash);
    expect(rowsNow[2]!.prev_hash).toBe(rowsNow[1]!.hash);
    const report = await verifyChain(db);
    expect(report).toMatchObject({ ok: true, entries: 3, headSeq: 3, headHash: rowsNow[2]!.hash, problems: [] });
    expect(await sealPending(db, { all: true })).toBe(0);
  });

  it('merges the rows of one request from several subgraphs into one entry per subject', async () => {
    const uscc = '91210200000000001X';
    const person = 'P-0001';
    await appendAccesses(db, [access({ subjectId: uscc, fields: ['LegalPerson.creditScore', 'LegalPerson.licences'], accessedAt: at(2) })]);
    await appendAccesses(db, [
      access({ subjectId: uscc, fields: ['LegalPerson.courtCases'], accessedAt: at(1) }),
      access({ subjectType: 'NATURAL_PERSON', subjectId: person, fields: ['NaturalPerson.dishonestDebtor'], accessedAt: at(1) }),
    ]);
    await appendAccesses(db, [access({ subjectId: uscc, fields: ['LegalPerson.taxArrears', 'LegalPerson.licences'], accessedAt: at(3) })]);
    // The same subject in another request is another access.
    await appendAccesses(db, [access({ requestId: 'req-2', subjectId: uscc, accessedAt: at(4) })]);

    expect(await sealPending(db, { all: true })).toBe(3);
    const rowsNow = await chain();
    expect(rowsNow.map((r) => r.subject_id)).toEqual([uscc, person, uscc]);
    expect(rowsNow[0]!.fields).toEqual(['LegalPerson.courtCases', 'LegalPerson.creditScore', 'LegalPerson.licences', 'LegalPerson.taxArrears']);
    const listed = await listAccesses(db, { subjectId: uscc }, {});
    const first = listed.edges.map((e) => e.node).find((n) => n.requestId === 'req-1')!;
    expect(first.accessedAt.toISOString()).toBe(at(1).toISOString());
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it('continues the chain across seals', async () => {
    await appendAccesses(db, [access({ requestId: 'a' }), access({ requestId: 'b' })]);
    expect(await sealPending(db, { all: true })).toBe(2);
    await appendAccesses(db, [access({ requestId: 'c' }), access({ requestId: 'd' }), access({ requestId: 'e' })]);
    expect(await sealPending(db, { all: true })).toBe(3);
    const rowsNow = await chain();
    expect(rowsNow.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rowsNow[2]!.prev_hash).toBe(rowsNow[1]!.hash);
    expect(await verifyChain(db)).toMatchObject({ ok: true, entries: 5, headSeq: 5 });
  });

  it('leaves young rows pending unless told to seal all, and never splits a request past max', async () => {
    await appendAccesses(db, [access({ requestId: 'old', accessedAt: new Date(Date.now() - 60_000) })]);
    await appendAccesses(db, [access({ requestId: 'young', accessedAt: new Date() })]);
    expect(await sealPending(db)).toBe(1);
    expect(await pendingCount()).toBe(1);

    await appendAccesses(db, [
      access({ requestId: 'x', fields: ['A.a'] }),
      access({ requestId: 'x', fields: ['A.b'] }),
      access({ requestId: 'x', fields: ['A.c'] }),
    ]);
    // max 1 claims the young row, or request x: either way x comes whole.
    let sealed = 0;
    for (let n = await sealPending(db, { max: 1, all: true }); n > 0; n = await sealPending(db, { max: 1, all: true })) sealed += n;
    expect(sealed).toBe(2);
    const x = (await chain()).find((r) => r.fields.length === 3);
    expect(x?.fields).toEqual(['A.a', 'A.b', 'A.c']);
    expect((await verifyChain(db)).ok).toBe(true);
  });
});

describe('listAccesses', () => {
  it('shows pending accesses at once, merged, then the same entries once sealed', async () => {
    await appendAccesses(db, [access({ fields: ['B.x'], accessedAt: at(5) })]);
    await appendAccesses(db, [access({ fields: ['A.y'], accessedAt: at(4) })]);
    const before = await listAccesses(db, {}, {});
    expect(before.totalCount).toBe(1);
    expect(before.edges[0]!.node).toMatchObject({ sealed: false, seq: null, fields: ['A.y', 'B.x'], requestId: 'req-1' });
    expect(before.edges[0]!.node.accessedAt.toISOString()).toBe(at(4).toISOString());

    await sealPending(db, { all: true });
    const after = await listAccesses(db, {}, {});
    expect(after.totalCount).toBe(1);
    expect(after.edges[0]!.node).toMatchObject({ sealed: true, seq: 1, fields: ['A.y', 'B.x'] });
  });

  it('filters by subject, caller and period', async () => {
    await appendAccesses(db, [
      access({ requestId: 'r1', subjectId: 'S1', callerId: 'C1', accessedAt: at(10) }),
      access({ requestId: 'r2', subjectId: 'S2', callerId: 'C1', accessedAt: at(20) }),
      access({ requestId: 'r3', subjectId: 'S1', callerId: 'C2', accessedAt: at(30) }),
    ]);
    await sealPending(db, { all: true });
    await appendAccesses(db, [access({ requestId: 'r4', subjectId: 'S1', callerId: 'C1', accessedAt: at(40) })]);

    const ids = (c: { edges: { node: AccessRecord }[] }) => c.edges.map((e) => e.node.requestId);
    expect(ids(await listAccesses(db, { subjectId: 'S1' }, {}))).toEqual(['r4', 'r3', 'r1']);
    expect(ids(await listAccesses(db, { callerId: 'C1' }, {}))).toEqual(['r4', 'r2', 'r1']);
    expect(ids(await listAccesses(db, { subjectId: 'S1', callerId: 'C1' }, {}))).toEqual(['r4', 'r1']);
    const period = await listAccesses(db, { from: at(20), to: at(40) }, {});
    expect(ids(period)).toEqual(['r3', 'r2']);
    expect(period.totalCount).toBe(2);
    expect(ids(await listAccesses(db, { subjectId: 'S1', from: at(35) }, {}))).toEqual(['r4']);
    expect((await listAccesses(db, { subjectId: 'nobody' }, {})).totalCount).toBe(0);
    await expect(listAccesses(db, { from: at(2), to: at(1) }, {})).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'to' } });
  });

  it('pages newest first, with pending and sealed mixed, in two statements, and survives a seal between pages', async () => {
    await appendAccesses(
      db,
      // Two accesses at the same instant test the tie-break.
      Array.from({ length: 7 }, (_, i) => access({ requestId: `r${i}`, accessedAt: at(i === 6 ? 5 : i) })),
    );
    await sealPending(db, { max: 3, all: true });
    await appendAccesses(db, [access({ requestId: 'r7', accessedAt: at(7) }), access({ requestId: 'r8', accessedAt: at(3) })]);

    const reader = database.drizzle('qlog-reader');
    const counter = database.counter('qlog-reader');
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      counter.reset();
      const page = await listAccesses(reader, {}, { first: 2, after });
      expect(counter.count).toBeLessThanOrEqual(2);
      expect(page.totalCount).toBe(9);
      seen.push(...page.edges.map((e) => e.node.requestId));
      pages++;
      if (pages === 2) await sealPending(db, { all: true });
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(5);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    const times = (await listAccesses(db, {}, { first: 100 })).edges.map((e) => e.node.accessedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    await expect(listAccesses(db, {}, { after: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('verifyChain', () => {
  it('finds an altered row at its seq', async () => {
    await sealedEntries(5);
    await db.execute(sql`update access.query_log set fields = array['LegalPerson.everything'] where seq = 3`);
    const report = await verifyChain(db, { chunkSize: 2 });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ seq: 3, problem: 'ALTERED', detail: expect.any(String) }]);
  });

  it('finds a re-hashed row by its broken link to the next', async () => {
    await sealedEntries(5);
    // What an intruder who knows the algorithm does: rewrite a row and recompute its hash.
    await db.execute(sql`update access.query_log set request_id = 'forged' where seq = 3`);
    const [row] = await rows<Record<string, string>>(
      db,
      sql`select prev_hash, request_id, caller_kind, caller_id, subject_type, subject_id, fields, purpose,
            to_char(accessed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as accessed_at,
            to_char(sealed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as sealed_at
          from access.query_log where seq = 3`,
    );
    const forged = {
      seq: 3,
      requestId: row!.request_id!,
      callerKind: row!.caller_kind!,
      callerId: row!.caller_id!,
      subjectType: row!.subject_type as AccessEntry['subjectType'],
      subjectId: row!.subject_id!,
      fields: row!.fields as unknown as string[],
      purpose: row!.purpose!,
      accessedAt: new Date(row!.accessed_at!),
      sealedAt: new Date(row!.sealed_at!),
    };
    await db.execute(sql`update access.query_log set hash = ${entryHash(row!.prev_hash!, forged)} where seq = 3`);
    const report = await verifyChain(db);
    expect(report.problems.map((p) => [p.problem, p.seq])).toContainEqual(['BROKEN_LINK', 4]);
    expect(report.problems.some((p) => p.problem === 'ALTERED')).toBe(false);
  });

  it('finds a deleted middle row', async () => {
    await sealedEntries(5);
    await db.execute(sql`delete from access.query_log where seq = 3`);
    const report = await verifyChain(db, { chunkSize: 2 });
    expect(report.ok).toBe(false);
    expect(report.entries).toBe(4);
    expect(report.problems.map((p) => [p.problem, p.seq])).toEqual([
      ['MISSING', 3],
      ['BROKEN_LINK', 4],
    ]);
  });

  it('finds a row forged into the middle with a correct hash', async () => {
    await sealedEntries(5);
    // Make room at seq 3 (in two steps: the primary key is checked row by row).
    await db.execute(sql`update access.query_log set seq = -(seq + 1) where seq >= 3`);
    await db.execute(sql`update access.query_log set seq = -seq where seq < 0`);
    const [prev] = await rows<{ hash: string; sealed_at: string }>(
      db,
      sql`select hash, to_char(sealed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as sealed_at from access.query_log where seq = 2`,
    );
    const entry = { ...access({ requestId: 'forged', accessedAt: at(2) }), seq: 3, sealedAt: new Date(prev!.sealed_at) };
    await db.execute(
      sql`insert into access.query_log values (3, ${entry.requestId}, ${entry.callerKind}, ${entry.callerId}, ${entry.subjectType},
            ${entry.subjectId}, array[${entry.fields[0]}]::text[], ${entry.purpose}, ${entry.accessedAt.toISOString()}::timestamptz,
            ${entry.sealedAt.toISOString()}::timestamptz, ${prev!.hash}, ${entryHash(prev!.hash, entry)})`,
    );
    const report = await verifyChain(db);
    expect(report.ok).toBe(false);
    expect(report.entries).toBe(6);
    const found = report.problems.map((p) => [p.problem, p.seq]);
    // The renumbered entries no longer match their hashes; the one after the forgery no longer links.
    expect(found).toContainEqual(['BROKEN_LINK', 4]);
    expect(found).toEqual(expect.arrayContaining([['ALTERED', 4], ['ALTERED', 5], ['ALTERED', 6]]));
  });

  it('finds a forged row with a made-up hash and one that claims seq 0', async () => {
    await sealedEntries(3);
    const [head] = await rows<{ hash: string }>(db, sql`select hash from access.query_log where seq = 3`);
    await db.execute(
      sql`insert into access.query_log select 4, 'x', caller_kind, caller_id, subject_type, subject_id, fields, purpose, accessed_at, sealed_at,
            ${head!.hash}, repeat('a', 64) from access.query_log where seq = 3`,
    );
    await db.execute(
      sql`insert into access.query_log select 0, 'x', caller_kind, caller_id, subject_type, subject_id, fields, purpose, accessed_at, sealed_at,
            ${GENESIS_HASH}, repeat('b', 64) from access.query_log where seq = 1`,
    );
    const report = await verifyChain(db);
    const found = report.problems.map((p) => [p.problem, p.seq]);
    expect(found).toEqual(expect.arrayContaining([['OUT_OF_ORDER', 0], ['ALTERED', 0], ['BROKEN_LINK', 1], ['ALTERED', 4]]));
  });
});

describe('sealers', () => {
  it('never fork the chain when several seal at once', async () => {
    const requests = 600;
    const entries = Array.from({ length: requests * 3 }, (_, i) =>
      access({ requestId: `r${i % requests}`, subjectId: `S${i % 5}`, fields: [`F.f${i % 3}`], accessedAt: at(i) }),
    );
    // Distinct (request, subject) pairs: request r has subjects r%5, (r+600)%5, (r+1200)%5 = one subject.
    await appendAccesses(db, entries);
    // On PostgreSQL, separate pools (as separate processes would have), so the seals really run
    // on separate connections; PGlite runs one statement at a time whatever we do.
    const others = dbUrl ? await Promise.all([1, 2, 3].map(() => Database.open({ url: dbUrl, poolSize: 2 }))) : [];
    try {
      const handles = dbUrl ? others.map((d, i) => d.drizzle(`sealer-${i}`)) : [db, db, db];
      const drain = async (h: Drizzle): Promise<number> => {
        let total = 0;
        for (let n = await sealPending(h, { max: 50, all: true }); n > 0; n = await sealPending(h, { max: 50, all: true })) total += n;
        return total;
      };
      const appending = (async () => {
        for (let i = 0; i < 20; i++) await appendAccesses(db, [access({ requestId: `late-${i}`, subjectId: 'S9' })]);
      })();
      const totals = await Promise.all([drain(db), ...handles.map(drain)]);
      await appending;
      const rest = await sealPending(db, { all: true });
      expect(totals.reduce((a, b) => a + b, 0) + rest).toBe(requests + 20);
      if (dbUrl) expect(totals.filter((n) => n > 0).length).toBeGreaterThan(1);
    } finally {
      await Promise.all(others.map((d) => d.close()));
    }
    const seqs = (await chain()).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: requests + 20 }, (_, i) => i + 1));
    expect(await verifyChain(db, { chunkSize: 97 })).toMatchObject({ ok: true, entries: requests + 20 });
  });

  it.skipIf(!serverUrl)('wait for the lock and read the head only once they hold it', async () => {
    await appendAccesses(db, [access({ requestId: 'a' })]);
    await sealPending(db, { all: true });
    await appendAccesses(db, [access({ requestId: 'b' })]);
    const [head] = await rows<{ hash: string }>(db, sql`select hash from access.query_log where seq = 1`);
    const other = postgres(dbUrl!, { max: 1, onnotice: () => {} });
    let sealing: Promise<number> | undefined;
    let done = false;
    try {
      // Plays another process's sealer: holds the lock and moves the head meanwhile.
      await other.begin(async (tx) => {
        await tx.unsafe(`select pg_advisory_xact_lock(${SEAL_LOCK_KEY})`);
        sealing = sealPending(db, { all: true }).finally(() => void (done = true));
        await new Promise((r) => setTimeout(r, 300));
        expect(done).toBe(false);
        const entry = { ...access({ requestId: 'elsewhere' }), seq: 2, sealedAt: new Date() };
        await tx`insert into access.query_log values (2, ${entry.requestId}, ${entry.callerKind}, ${entry.callerId},
          ${entry.subjectType}, ${entry.subjectId}, ${entry.fields}, ${entry.purpose}, ${entry.accessedAt}, ${entry.sealedAt},
          ${head!.hash}, ${entryHash(head!.hash, entry)})`;
      });
    } finally {
      await other.end();
    }
    expect(await sealing).toBe(1);
    expect((await chain()).map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(await verifyChain(db)).toMatchObject({ ok: true, entries: 3 });
  });

  it('startSealer seals periodically, logs failures without personal data, and seals everything on stop', async () => {
    await appendAccesses(db, [access({ requestId: 'old', accessedAt: new Date(Date.now() - 10_000) })]);
    const sealer = startSealer(db, 20);
    for (let i = 0; i < 100 && (await pendingCount()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await pendingCount()).toBe(0);
    await appendAccesses(db, [access({ requestId: 'fresh', accessedAt: new Date() })]);
    await sealer.stop();
    expect(await pendingCount()).toBe(0);
    expect((await verifyChain(db)).entries).toBe(2);

    const lines: string[] = [];
    const failure = Object.assign(new Error('duplicate key: subject 91210200000000001X'), { code: '23505' });
    const broken = { transaction: () => Promise.reject(failure) } as unknown as Drizzle;
    const failing = startSealer(broken, 10, (line) => lines.push(line));
    for (let i = 0; i < 100 && lines.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await expect(failing.stop()).rejects.toBe(failure);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', event: 'query_log_seal_failed', code: '23505', error: 'Error' });
    expect(lines.join('\n')).not.toContain('91210200000000001X');
  });
});

describe('npm run audit:verify', () => {
  function runCli(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/audit-verify.ts'],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 60_000 },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      );
    });
  }

  it('exits 0 on an intact chain and 1 after tampering, naming the seq and nothing personal', { timeout: 120_000 }, async () => {
    let env: Record<string, string>;
    let target: Database;
    let dir: string | undefined;
    if (dbUrl) {
      env = { DATABASE_URL: dbUrl };
      target = database;
    } else {
      // PGlite allows one process per data directory: build it here, close it, let the CLI open it.
      dir = mkdtempSync(join(tmpdir(), 'qlog-cli-'));
      env = { PGLITE_DATA_DIR: dir };
      target = await Database.open({ dataDir: dir });
      await target.migrate();
    }
    try {
      const tdb = target.drizzle('qlog-cli');
      await tdb.execute(sql`truncate access.query_log, access.query_log_pending`);
      await appendAccesses(tdb, Array.from({ length: 4 }, (_, i) => access({ requestId: `r${i}`, accessedAt: at(i) })));
      await sealPending(tdb, { all: true });
      if (dir) await target.close();

      const intact = await runCli(env);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toMatch(/4 entries, head seq 4, head hash [0-9a-f]{64}/);
      expect(intact.stdout).toContain('INTACT');

      if (dir) target = await Database.open({ dataDir: dir });
      await target.drizzle('qlog-cli').execute(sql`update access.query_log set purpose = 'SOMETHING_ELSE' where seq = 2`);
      if (dir) await target.close();

      const tampered = await runCli(env);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toContain('ALTERED seq 2');
      expect(tampered.stdout).not.toContain(access().subjectId);
      expect(tampered.stdout).not.toContain(access().callerId!);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
