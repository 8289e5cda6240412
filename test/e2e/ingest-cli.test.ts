import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../subgraphs/kernel/db.ts';
import { SHOWCASE } from '../../drizzle/seed/generate.ts';
import { idNumberCheckChar, personIdFor } from '../../subgraphs/kernel/id-number.ts';
import { TEST_ID_HASH_KEY } from '../support/constants.ts';
import { openTestDatabase } from '../support/database.ts';

const run = promisify(execFile);

/**
 * The bulk command against a real database of its own: PostgreSQL when DATABASE_URL is set,
 * otherwise a PGlite data directory (the command is a separate process, as an operator runs it).
 */
let env: NodeJS.ProcessEnv;
let count: (table: string, where?: SQL) => Promise<number>;
/** Rows of a query, in a connection of its own (the command's process owns a PGlite directory while it runs). */
let select: <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => Promise<T[]>;
let cleanup: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'ingest-'));

beforeAll(async () => {
  const { database, close, url } = await openTestDatabase();
  // The key the test template was seeded with, so person ids agree with the seeded registry.
  if (database.kind === 'postgres') env = { ...process.env, DATABASE_URL: url, ID_HASH_KEY: TEST_ID_HASH_KEY };
  // A PGlite directory the child process opens; PostgreSQL databases come from the test template.
  if (database.kind === 'pglite') {
    const dataDir = join(dir, 'pglite');
    await close();
    env = { ...process.env, DATABASE_URL: '', PGLITE_DATA_DIR: dataDir, SEED_SIZE: '50', ID_HASH_KEY: TEST_ID_HASH_KEY };
    await run('node', ['--import', 'tsx', 'src/migrate.ts'], { env });
    select = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => {
      const { Database } = await import('../../subgraphs/kernel/db.ts');
      const db = await Database.open({ dataDir });
      const out = await rows<T>(db.drizzle('t'), query);
      await db.close();
      return out;
    };
    cleanup = async () => {};
  } else {
    select = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => rows<T>(database.drizzle('t'), query);
    cleanup = close;
  }
  count = async (table, where = sql``) => Number((await select<{ n: string | number }>(sql`select count(*) as n from ${sql.raw(table)}${where}`))[0]!.n);
}, 120_000);

afterAll(async () => cleanup?.());

const penalty = (i: number, uscc = '912102020120120680') => ({
  type: 'AdministrativePenalty', subjectName: '大连港湾示范科技有限公司', subjectCategory: 'LEGAL_PERSON', subjectUscc: uscc,
  documentNumber: `批〔2026〕${i}号`, violationType: '违法', violationFacts: '事实', legalBasis: '依据', penaltyCategories: ['FINE'],
  penaltyContent: '罚款', fineAmount: '5000.00', decisionDate: '2026-10-01', authorityName: '大连市市场监督管理局', authorityUscc: '11210202000000019H',
});

// Each case starts the command as its own process (tsx start-up included): generous timeouts.
describe('npm run ingest', { timeout: 120_000 }, () => {
  it('streams NDJSON: good rows kept, bad rows reported with line and reason, re-runs are duplicates', async () => {
    const file = join(dir, 'p.ndjson');
    const lines = [penalty(1), penalty(2, '912102020120120681'), { ...penalty(3), fineAmount: 'lots' }, penalty(4), { type: 'Nope' }].map((r) => JSON.stringify(r));
    writeFileSync(file, `${lines.join('\n')}\nnot json\n`);
    const before = await count('government.administrative_penalty');
    const { stdout } = await run('node', ['--import', 'tsx', 'src/ingest.ts', file, '--department', 'dl-market'], { env });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ accepted: 2, duplicates: 0, rejected: 4 });
    expect(await count('government.administrative_penalty')).toBe(before + 2);
    const rejected = readFileSync(`${file}.rejected.ndjson`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // Unreadable rows are reported at once, invalid ones when their batch is checked: sorted by line.
    expect(rejected.map((r) => [r.line, r.problems[0].field, r.problems[0].reason]).sort((a, b) => a[0] - b[0])).toEqual([
      [2, 'subjectUscc', 'CHECK_CHARACTER'],
      [3, 'fineAmount', 'INVALID_VALUE'],
      [5, 'type', 'UNKNOWN_TYPE'],
      [6, '(row)', 'UNREADABLE'],
    ]);
    // A finished file resumes past its end: nothing to do. --restart re-sends: all duplicates.
    const resumed = await run('node', ['--import', 'tsx', 'src/ingest.ts', file, '--department', 'dl-market'], { env });
    expect(JSON.parse(resumed.stdout.trim().split('\n').at(-1)!)).toMatchObject({ accepted: 2, rejected: 4 });
    const again = await run('node', ['--import', 'tsx', 'src/ingest.ts', file, '--department', 'dl-market', '--restart'], { env });
    expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!)).toMatchObject({ accepted: 0, duplicates: 2, rejected: 4 });
    expect(await count('government.administrative_penalty')).toBe(before + 2);
  });

  it('takes natural persons by ID number and legal persons by old code, as the API does', async () => {
    const body = '21020419880808013';
    const idNumber = body + idNumberCheckChar(body);
    const wrongCheck = body + (idNumberCheckChar(body) === '1' ? '2' : '1');
    const asPerson = (i: number, n: unknown) => ({ ...penalty(i), subjectCategory: 'NATURAL_PERSON', subjectUscc: undefined, subjectName: '孙文博', subjectIdNumber: n });
    const file = join(dir, 'ids.ndjson');
    const rows = [
      asPerson(101, idNumber),
      asPerson(102, wrongCheck),
      asPerson(103, Number(idNumber.slice(0, 17))),
      { ...penalty(104), subjectUscc: undefined, subjectLegacyCode: SHOWCASE.enterprise.registrationNumber },
      { ...penalty(105), subjectUscc: undefined, subjectLegacyCode: '0Y9999990' },
    ];
    writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const { stdout } = await run('node', ['--import', 'tsx', 'src/ingest.ts', file, '--department', 'dl-market'], { env });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ accepted: 2, rejected: 3 });
    const rejectedText = readFileSync(`${file}.rejected.ndjson`, 'utf8');
    const rejected = rejectedText.trim().split('\n').map((l) => JSON.parse(l));
    expect(rejected.map((r) => [r.line, r.problems[0].field, r.problems[0].reason]).sort((a, b) => a[0] - b[0])).toEqual([
      [2, 'subjectIdNumber', 'CHECK_CHARACTER'],
      [3, 'subjectIdNumber', 'INVALID_VALUE'],
      [5, 'subjectLegacyCode', 'ORGANIZATION_CODE_CHECK'],
    ]);
    expect(rejectedText).not.toContain(idNumber.slice(0, 17));
    expect(stdout).not.toContain(idNumber.slice(0, 17));
    const id = personIdFor(idNumber, TEST_ID_HASH_KEY);
    expect(await count('government.administrative_penalty', sql` where subject_person_id = ${id}`)).toBe(1);
    expect(await count('government.administrative_penalty', sql` where subject_uscc = ${SHOWCASE.enterprise.uscc} and subject_legacy_code = ${SHOWCASE.enterprise.registrationNumber}`)).toBe(1);
    // The registry learns the person from the event when platform next runs.
    expect(await count('events.event e join events.delivery d using (seq)', sql` where e.topic = 'natural-person.observed' and e.key = ${id} and d.consumer = 'platform'`)).toBe(1);
  });

  it('reads CSV with list columns, and refuses an unregistered department', async () => {
    const file = join(dir, 'p.csv');
    const cols = ['type', 'subjectName', 'subjectCategory', 'subjectUscc', 'documentNumber', 'violationType', 'violationFacts', 'legalBasis', 'penaltyCategories', 'penaltyContent', 'fineAmount', 'confiscatedAmount', 'decisionDate', 'authorityName', 'authorityUscc'];
    const row = ['AdministrativePenalty', '"大连港湾示范科技有限公司"', 'LEGAL_PERSON', '912102020120120680', '批〔2026〕csv1号', '违法', '"事实, 含逗号"', '依据', 'FINE|CONFISCATION', '罚款', '5000.00', '100.00', '2026-10-01', '大连市市场监督管理局', '11210202000000019H'];
    writeFileSync(file, `${cols.join(',')}\n${row.join(',')}\n`);
    const { stdout } = await run('node', ['--import', 'tsx', 'src/ingest.ts', file, '--department', 'dl-market'], { env });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ accepted: 1, rejected: 0 });
    const refused = await run('node', ['--import', 'tsx', 'src/ingest.ts', file, '--department', 'dl-nobody', '--restart'], { env }).catch((e: { code: number; stderr: string }) => e);
    expect((refused as { code: number }).code).toBe(2);
    expect(existsSync(`${file}.checkpoint.json`)).toBe(true);
  });

  it('an interrupted run leaves whole batches only, and its resumption neither doubles rows nor rejected lines', async () => {
    const file = join(dir, 'big.ndjson');
    const total = 3000;
    const lines: string[] = [];
    for (let i = 1; i <= total; i++) {
      // Every 50th row has a bad amount; every 100th repeats row i - 10 (a duplicate).
      const row = i % 100 === 0 ? penalty(100_000 + i - 10) : i % 50 === 0 ? { ...penalty(100_000 + i), fineAmount: 'lots' } : penalty(100_000 + i);
      lines.push(JSON.stringify(row));
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const valid = total - total / 100 - total / 100;
    const before = await count('government.administrative_penalty');
    const batch = 40;
    // Killed outright (SIGKILL, no clean-up) as soon as the first batches are checkpointed.
    const child = spawn('node', ['--import', 'tsx', 'src/ingest.ts', file, '--department', 'dl-market', '--batch', String(batch)], { env, stdio: 'ignore' });
    const checkpoint = `${file}.checkpoint.json`;
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (existsSync(checkpoint) && JSON.parse(readFileSync(checkpoint, 'utf8')).line > 0) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(poll);
        resolve();
      });
      child.on('error', reject);
    });
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.on('exit', r)));
    const stoppedAt = JSON.parse(readFileSync(checkpoint, 'utf8')).line as number;
    expect(child.signalCode).toBe('SIGKILL');
    expect(stoppedAt).toBeLessThan(total);
    // Each batch is one transaction: every batch is on file whole or not at all.
    const stored = await select<{ d: string }>(sql`select document_number as d from government.administrative_penalty where document_number like '批〔2026〕1_____号'`);
    const byBatch = new Map<number, number>();
    for (const { d } of stored) {
      const line = Number(/〕(\d+)号/.exec(d)![1]) - 100_000;
      byBatch.set(Math.floor((line - 1) / batch), (byBatch.get(Math.floor((line - 1) / batch)) ?? 0) + 1);
    }
    for (const [b, n] of byBatch) {
      const inBatch = Array.from({ length: batch }, (_, k) => b * batch + k + 1).filter((l) => l % 50 !== 0).length;
      expect([b, n]).toEqual([b, inBatch]);
    }
    const resumed = await run('node', ['--import', 'tsx', 'src/ingest.ts', file, '--department', 'dl-market', '--batch', String(batch)], { env });
    expect(resumed.stderr).toContain(`resuming after line ${stoppedAt}`);
    const answer = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!);
    // A batch committed just before the kill but not yet checkpointed comes back as duplicates.
    expect(answer.accepted + answer.duplicates).toBe(valid + total / 100);
    expect(answer.rejected).toBe(total / 100);
    expect(await count('government.administrative_penalty')).toBe(before + valid);
    const rejected = readFileSync(`${file}.rejected.ndjson`, 'utf8').trim().split('\n').map((l) => JSON.parse(l).line as number);
    expect(rejected).toEqual(Array.from({ length: total / 50 }, (_, k) => (k + 1) * 50).filter((l) => l % 100 !== 0));
  });
});
