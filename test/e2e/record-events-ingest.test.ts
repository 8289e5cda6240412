import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../subgraphs/kernel/db.ts';
import type { RecordBatchPayload } from '../../subgraphs/kernel/record-events.ts';
import { TEST_ID_HASH_KEY } from '../support/constants.ts';
import { openTestDatabase } from '../support/database.ts';

/**
 * Bulk files (`npm run ingest`) append the same record events as the API: one per type and
 * batch, counting the rows the batch refused — also those refused before their checks.
 */
const run = promisify(execFile);
let env: NodeJS.ProcessEnv;
let select: <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => Promise<T[]>;
let cleanup: () => Promise<void> = async () => {};
const dir = mkdtempSync(join(tmpdir(), 'stats-ingest-'));

beforeAll(async () => {
  const { database, close, url } = await openTestDatabase();
  if (database.kind === 'postgres') {
    env = { ...process.env, DATABASE_URL: url, ID_HASH_KEY: TEST_ID_HASH_KEY };
    select = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => rows<T>(database.drizzle('t'), query);
    cleanup = close;
    return;
  }
  // The command is its own process and owns a PGlite directory while it runs.
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
}, 120_000);

afterAll(async () => cleanup());

const AUTHORITY = { authorityName: '大连市市场监督管理局', authorityUscc: '11210202000000019H' };
const penalty = (i: number, uscc = '912102020120120680') => ({
  type: 'AdministrativePenalty', subjectName: '大连港湾示范科技有限公司', subjectCategory: 'LEGAL_PERSON', subjectUscc: uscc,
  documentNumber: `统〔2026〕${i}号`, violationType: '违法', violationFacts: '事实', legalBasis: '依据', penaltyCategories: ['WARNING'],
  penaltyContent: '警告', decisionDate: '2026-10-01', ...AUTHORITY,
});
const governmentRecord = (i: number) => ({
  type: 'GovernmentRecord', sector: 'GOVERNMENT_DISHONESTY', category: '政务失信', subjectCategory: 'LEGAL_PERSON', subjectName: '大连港湾示范科技有限公司',
  subjectUscc: '912102020120120680', polarity: 'NEGATIVE', severity: 'GENERAL', title: '未履行', facts: '事实', documentNumber: `统政〔2026〕${i}号`,
  decisionDate: '2026-10-01', ...AUTHORITY,
});

describe('npm run ingest', { timeout: 120_000 }, () => {
  it('appends one record event per type and batch, with the rows it refused', async () => {
    const file = join(dir, 'events.ndjson');
    const lines = [penalty(1), penalty(2), { ...penalty(3), fineAmount: 'lots' }, penalty(4), governmentRecord(1), penalty(5, '912102020120120681')];
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const [{ s: before }] = (await select<{ s: unknown }>(sql`select coalesce(max(seq), 0) as s from events.event`)) as [{ s: unknown }];
    const { stdout } = await run('node', ['--import', 'tsx', 'src/ingest.ts', file, '--department', 'dl-market', '--batch', '3'], { env });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ accepted: 4, rejected: 2 });

    const found = await select<{ payload: unknown; producer: string }>(
      sql`select payload, producer from events.event where seq > ${Number(before)} and topic = 'credit-record.published' order by seq`,
    );
    const events = found.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as RecordBatchPayload);
    const [{ uscc }] = (await select<{ uscc: string }>(sql`select uscc from access.department where code = 'dl-market'`)) as [{ uscc: string }];
    expect(events.map(({ recordType, submitted, accepted, duplicates, rejected, rejectedByReason, departmentUscc }) => ({ recordType, submitted, accepted, duplicates, rejected, rejectedByReason, departmentUscc }))).toEqual([
      // Lines 1–3: the third refused by its coercion (fineAmount), before its checks.
      { recordType: 'AdministrativePenalty', submitted: 3, accepted: 2, duplicates: 0, rejected: 1, rejectedByReason: { INVALID_VALUE: 1 }, departmentUscc: uscc },
      // Lines 4–6: a penalty and a refused one (check character), and the government record.
      { recordType: 'AdministrativePenalty', submitted: 2, accepted: 1, duplicates: 0, rejected: 1, rejectedByReason: { CHECK_CHARACTER: 1 }, departmentUscc: uscc },
      { recordType: 'GovernmentRecord', submitted: 1, accepted: 1, duplicates: 0, rejected: 0, rejectedByReason: {}, departmentUscc: uscc },
    ]);
    expect(events.flatMap((e) => e.records.map((r) => [r.subjectId, r.decisionDate]))).toEqual(Array(4).fill(['912102020120120680', '2026-10-01']));
    // Every record of the events is on file: they were written together.
    const idsOf = (type: string) => events.filter((e) => e.recordType === type).flatMap((e) => e.records.map((r) => Number(Buffer.from(r.id, 'base64url').toString().split(':')[2])));
    const stored = await select<{ n: unknown }>(
      sql`select (select count(*) from government.administrative_penalty where id = any(${sql.param(idsOf('AdministrativePenalty'))}::bigint[]))
               + (select count(*) from government.sector_record where id = any(${sql.param(idsOf('GovernmentRecord'))}::bigint[])) as n`,
    );
    expect(Number(stored[0]!.n)).toBe(4);
  });
});
