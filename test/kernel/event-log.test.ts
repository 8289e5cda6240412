import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/kernel/config.ts';
import { type Database, type Drizzle, rows } from '../../subgraphs/kernel/db.ts';
import {
  appendEvents,
  consumeBatch,
  type DeliveredEvent,
  EVENT_TOPICS,
  eventBacklog,
  type EventHandlers,
  type EventTopics,
  startEventConsumer,
  topicsOf,
} from '../../subgraphs/kernel/events/index.ts';
import { openTestDatabase } from '../support/database.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A registry of the test's own: the effects land in a table of the test's own. */
const TOPICS: EventTopics = {
  'test.noted': { consumers: ['alpha', 'beta'], description: 'a fact both consumers apply' },
  'test.other': { consumers: ['beta'], description: 'a fact only beta applies' },
  'test.crash': { consumers: ['crash-test'], description: 'applied by a process that is killed' },
};

let database: Database;
let db: Drizzle;
let close: () => Promise<void>;
let url: string | undefined;

beforeAll(async () => {
  ({ database, close, url } = await openTestDatabase());
  db = database.drizzle('events-test');
  await db.execute(sql`create table public.event_effect (key text primary key, applied int not null)`);
});
afterAll(() => close());
beforeEach(async () => {
  await db.execute(sql`truncate events.delivery, events.event, public.event_effect`);
});

/** The effect handlers write: counts how often each key was applied (a double shows as 2). */
const apply = async (tx: Drizzle, e: DeliveredEvent) => {
  await tx.execute(sql`insert into public.event_effect (key, applied) values (${`${e.topic}:${e.key}`}, 1)
                       on conflict (key) do update set applied = event_effect.applied + 1`);
};
const effects = async () =>
  Object.fromEntries((await rows<{ key: string; applied: number }>(db, sql`select key, applied from public.event_effect order by key`)).map((r) => [r.key, r.applied]));
const deliveries = (consumer: string) =>
  rows<{ seq: unknown; status: string; attempts: number; last_error: string | null }>(
    db,
    sql`select seq, status, attempts, last_error from events.delivery where consumer = ${consumer} order by seq`,
  );
const noted = (key: string, payload: Record<string, unknown> = {}) => ({ topic: 'test.noted', key, payload });

describe('appending', () => {
  it('writes one delivery per consumer of the topic, and a repeated key is the same event', async () => {
    const first = await appendEvents(db, 'government', [noted('a', { n: 1 }), { topic: 'test.other', key: 'a', payload: {} }], TOPICS);
    expect(first).toHaveLength(2);
    const again = await appendEvents(db, 'government', [noted('a', { n: 2 }), noted('b')], TOPICS);
    expect(again).toHaveLength(1);
    expect((await deliveries('alpha')).map((d) => d.status)).toEqual(['PENDING', 'PENDING']);
    expect(await deliveries('beta')).toHaveLength(3);
    const [stored] = await rows<{ payload: unknown }>(db, sql`select payload from events.event where topic = 'test.noted' and key = 'a'`);
    const payload = stored?.payload;
    expect(typeof payload === 'string' ? JSON.parse(payload) : payload).toEqual({ n: 1 });
  });

  it('commits with the change it reports, or not at all', async () => {
    await expect(
      db.transaction(async (tx) => {
        await appendEvents(tx as unknown as Drizzle, 'government', [noted('rolled-back')], TOPICS);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rows(db, sql`select 1 from events.event`)).toHaveLength(0);
    expect(await rows(db, sql`select 1 from events.delivery`)).toHaveLength(0);
  });

  it('refuses an unknown topic and an event without a key', async () => {
    await expect(appendEvents(db, 'government', [{ topic: 'test.unknown', key: 'x', payload: {} }], TOPICS)).rejects.toThrow(/unknown topic/);
    await expect(appendEvents(db, 'government', [noted('')], TOPICS)).rejects.toThrow(/needs a key/);
  });
});

describe('consuming', () => {
  it('applies each event once, in order, and each consumer on its own', async () => {
    await appendEvents(db, 'judicial', [noted('1'), noted('2'), { topic: 'test.other', key: '3', payload: {} }], TOPICS);
    const seen: string[] = [];
    const handlers: EventHandlers = { 'test.noted': async (tx, e) => (seen.push(e.key), apply(tx, e)), 'test.other': apply };
    expect(await consumeBatch(db, { consumer: 'alpha', handlers })).toEqual({ done: 2, blocked: false });
    expect(seen).toEqual(['1', '2']);
    expect(await consumeBatch(db, { consumer: 'alpha', handlers })).toEqual({ done: 0, blocked: false });
    expect(await effects()).toEqual({ 'test.noted:1': 1, 'test.noted:2': 1 });
    // beta has not run yet: its deliveries wait for it.
    expect(await eventBacklog(db)).toEqual([{ consumer: 'beta', pending: 3, dead: 0 }]);
    await consumeBatch(db, { consumer: 'beta', handlers });
    expect(await effects()).toEqual({ 'test.noted:1': 2, 'test.noted:2': 2, 'test.other:3': 1 });
    expect(await eventBacklog(db)).toEqual([]);
  });

  it('rolls back a failed event, holds the later ones behind it, retries, and then applies it once', async () => {
    await appendEvents(db, 'business', [noted('ok'), noted('flaky'), noted('after')], TOPICS);
    let failures = 1;
    const handlers: EventHandlers = {
      'test.noted': async (tx, e) => {
        await apply(tx, e);
        if (e.key === 'flaky' && failures-- > 0) throw Object.assign(new Error('name 张三 in a message'), { code: '40001' });
      },
    };
    expect(await consumeBatch(db, { consumer: 'alpha', handlers })).toEqual({ done: 1, blocked: true });
    expect(await effects()).toEqual({ 'test.noted:ok': 1 });
    const [, flaky, after] = await deliveries('alpha');
    expect(flaky).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(flaky!.last_error).toBe('Error 40001');
    expect(after).toMatchObject({ status: 'PENDING', attempts: 0 });
    // Not due yet: nothing moves, and the later event does not overtake.
    expect(await consumeBatch(db, { consumer: 'alpha', handlers })).toEqual({ done: 0, blocked: true });
    await db.execute(sql`update events.delivery set next_attempt_at = now() where consumer = 'alpha'`);
    expect(await consumeBatch(db, { consumer: 'alpha', handlers })).toEqual({ done: 2, blocked: false });
    expect(await effects()).toEqual({ 'test.noted:ok': 1, 'test.noted:flaky': 1, 'test.noted:after': 1 });
  });

  it('sets an event aside as DEAD after the last attempt and goes on with the rest', async () => {
    await appendEvents(db, 'social', [noted('poison'), noted('next')], TOPICS);
    const handlers: EventHandlers = {
      'test.noted': async (tx, e) => {
        if (e.key === 'poison') throw new TypeError('cannot apply');
        await apply(tx, e);
      },
    };
    for (let attempt = 1; attempt <= 3; attempt++) {
      await consumeBatch(db, { consumer: 'alpha', handlers, maxAttempts: 3 });
      await db.execute(sql`update events.delivery set next_attempt_at = now() where consumer = 'alpha' and status = 'PENDING'`);
    }
    expect((await deliveries('alpha')).map((d) => [d.status, d.attempts])).toEqual([['DEAD', 3], ['DONE', 1]]);
    expect(await effects()).toEqual({ 'test.noted:next': 1 });
    expect(await eventBacklog(db)).toContainEqual({ consumer: 'alpha', pending: 0, dead: 1 });
  });

  it('treats an event without a handler as a failure, never as done', async () => {
    await appendEvents(db, 'social', [{ topic: 'test.other', key: 'x', payload: {} }], TOPICS);
    expect(await consumeBatch(db, { consumer: 'beta', handlers: {} })).toEqual({ done: 0, blocked: true });
    expect(await deliveries('beta')).toMatchObject([{ status: 'PENDING', attempts: 1, last_error: 'Error' }]);
  });

  it('lets one worker at a time apply a consumer\'s queue, so nothing is applied twice', async () => {
    await appendEvents(db, 'judicial', Array.from({ length: 40 }, (_, i) => noted(String(i))), TOPICS);
    const handlers: EventHandlers = { 'test.noted': apply };
    await Promise.all([0, 1, 2].map(() => consumeBatch(db, { consumer: 'alpha', handlers, batchSize: 10 })));
    for (let i = 0; i < 10 && (await eventBacklog(db)).some((b) => b.consumer === 'alpha'); i++) await consumeBatch(db, { consumer: 'alpha', handlers });
    const applied = await effects();
    expect(Object.keys(applied)).toHaveLength(40);
    expect(Object.values(applied).every((n) => n === 1)).toBe(true);
  });

  it('polls in the background and drains on demand', async () => {
    const handlers: EventHandlers = { 'test.noted': apply };
    const consumer = startEventConsumer(db, { consumer: 'alpha', handlers, intervalMs: 20 });
    try {
      await appendEvents(db, 'platform', [noted('polled')], TOPICS);
      for (let i = 0; i < 100 && !(await effects())['test.noted:polled']; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await effects()).toEqual({ 'test.noted:polled': 1 });
      await appendEvents(db, 'platform', [noted('drained')], TOPICS);
      await consumer.drain();
      expect(await effects()).toMatchObject({ 'test.noted:drained': 1 });
    } finally {
      await consumer.stop();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('a consumer killed mid-event (PostgreSQL, separate process)', () => {
  it('loses nothing and applies nothing twice', async () => {
    await appendEvents(db, 'judicial', [{ topic: 'test.crash', key: 'k1', payload: {} }, { topic: 'test.crash', key: 'k2', payload: {} }], TOPICS);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/event-crash-child.ts', url!], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('applied-uncommitted') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The killed transaction took its effect and its lock with it.
    expect(await effects()).toEqual({});
    expect((await deliveries('crash-test')).map((d) => d.status)).toEqual(['PENDING', 'PENDING']);
    const handlers: EventHandlers = {
      'test.crash': async (tx, e) => {
        await tx.execute(sql`insert into public.event_effect (key, applied) values (${e.key}, 1)`);
      },
    };
    for (let i = 0; i < 50; i++) {
      const { done, blocked } = await consumeBatch(db, { consumer: 'crash-test', handlers });
      if (done > 0 || !blocked) break;
      await new Promise((r) => setTimeout(r, 100)); // the server may not have ended the killed session yet
    }
    await consumeBatch(db, { consumer: 'crash-test', handlers });
    expect(await effects()).toEqual({ k1: 1, k2: 1 });
    expect((await deliveries('crash-test')).map((d) => d.status)).toEqual(['DONE', 'DONE']);
  }, 60_000);
});

describe('the topic registry', () => {
  it('names only real subgraphs as consumers, and each handles exactly its topics', () => {
    for (const [topic, { consumers, description }] of Object.entries(EVENT_TOPICS)) {
      expect(description, topic).not.toBe('');
      for (const c of consumers) expect(SUBGRAPH_NAMES as readonly string[], topic).toContain(c);
    }
    for (const name of SUBGRAPH_NAMES) {
      expect(Object.keys(SUBGRAPHS[name].eventHandlers ?? {}).sort(), name).toEqual(topicsOf(name));
    }
  });
});

describe('a consumer whose database is unreachable', () => {
  it('backs off instead of polling at its interval, so requests are not starved of connections', async () => {
    let attempts = 0;
    const down = { transaction: async () => (attempts++, Promise.reject(new Error('connection refused'))) } as unknown as Drizzle;
    const consumer = startEventConsumer(down, { consumer: 'platform', handlers: {}, intervalMs: 20 });
    await new Promise((r) => setTimeout(r, 1200));
    await consumer.stop();
    // At its interval it would have tried about 60 times; backing off 1 s after the first failure, twice.
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(3);
  });
});
