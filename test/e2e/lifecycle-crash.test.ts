import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { shanghaiDate } from '../../subgraphs/kernel/calendar.ts';
import { type Database, type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import { appendEvents, consumeBatch } from '../../subgraphs/kernel/events/index.ts';
import { lifecycleTopic } from '../../subgraphs/kernel/lifecycle/topics.ts';
import { openTestDatabase } from '../support/database.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let database: Database;
let db: Drizzle;
let close: () => Promise<void>;
let url: string | undefined;

beforeAll(async () => {
  ({ database, close, url } = await openTestDatabase());
  db = database.drizzle('lifecycle-crash-test');
});
afterAll(() => close());

// A killed process needs a server that outlives it: PostgreSQL only (PGlite lives in the test's own process).
describe.skipIf(!process.env.DATABASE_URL)('a domain consumer killed mid-event', () => {
  it('loses nothing and applies nothing twice: the revocation lands once, with one history row', async () => {
    const [record] = await rows<{ id: unknown; subject_uscc: string }>(
      db,
      sql`select id, subject_uscc from government.administrative_penalty where status = 'PUBLISHED' and objection_id is null and subject_uscc is not null order by id limit 1`,
    );
    const id = Number(record!.id);
    const objectionId = '44444444-4444-4444-8444-444444444444';
    await db.execute(sql`update government.administrative_penalty set objection_id = ${objectionId} where id = ${id}`);
    await appendEvents(db, 'platform', [
      {
        topic: lifecycleTopic.objectionDecided('government'),
        key: objectionId,
        payload: { objectionId, recordType: 'AdministrativePenalty', recordKey: String(id), outcome: 'REVOKED', reason: '复议撤销', correction: null, decidedOn: shanghaiDate() },
      },
    ]);
    const state = async () =>
      (await rows<{ status: string; objection_id: string | null; changes: unknown }>(
        db,
        sql`select p.status, p.objection_id, (select count(*) from government.record_status_history h where h.record_type = 'AdministrativePenalty' and h.record_id = p.id) as changes
            from government.administrative_penalty p where p.id = ${id}`,
      ))[0]!;
    const delivery = async () => (await rows<{ status: string }>(db, sql`select d.status from events.delivery d join events.event e using (seq) where d.consumer = 'government' and e.key = ${objectionId}`))[0]!.status;

    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/lifecycle-crash-child.ts', url!, 'government'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('applied-uncommitted') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The killed transaction took the status change, the history row and its lock with it.
    expect(await state()).toMatchObject({ status: 'PUBLISHED', objection_id: objectionId });
    expect(Number((await state()).changes)).toBe(0);
    expect(await delivery()).toBe('PENDING');

    const handlers = SUBGRAPHS.government.eventHandlers!;
    for (let i = 0; i < 50; i++) {
      const { done, blocked } = await consumeBatch(db, { consumer: 'government', handlers });
      if (done > 0 || !blocked) break;
      await new Promise((r) => setTimeout(r, 100)); // the server may not have ended the killed session yet
    }
    await consumeBatch(db, { consumer: 'government', handlers });
    expect(await delivery()).toBe('DONE');
    const after = await state();
    expect(after).toMatchObject({ status: 'REVOKED', objection_id: null });
    expect(Number(after.changes)).toBe(1);
  }, 60_000);
});
