import { execFile } from 'node:child_process';
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
    count = async (table, where = sql``) => {
      const { Database } = await import('../../subgraphs/kernel/db.ts');
      const db = await Database.open({ dataDir });
      const [r] = await rows<{ n: string | number }>(db.drizzle('t'), sql`select count(*) as n from ${sql.raw(table)}${where}`);
      await db.close();
      return Number(r!.n);
    };
    cleanup = async () => {};
  } else {
    count = async (table, where = sql``) => Number((await rows<{ n: string | number }>(database.drizzle('t'), sql`select count(*) as n from ${sql.raw(table)}${where}`))[0]!.n);
    cleanup = close;
  }
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
});
