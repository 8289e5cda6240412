import { sql } from 'drizzle-orm';
import { type Drizzle, rows } from '../db.ts';
import type { Logger } from '../logging.ts';
import { errorSummary } from '../query-log/sql.ts';

/** An event as its consumer receives it. */
export interface DeliveredEvent {
  seq: number;
  topic: string;
  key: string;
  producer: string;
  subjectType: string | null;
  subjectId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  /** 1 on first delivery; more after a failure or a crash (deliveries are at least once). */
  attempt: number;
}

/**
 * Applies one event with the consumer's transaction: the handler's writes and the delivery's
 * DONE mark commit together, so a crash mid-event applies nothing and the event comes again.
 * Handlers must still be idempotent by the event's key or seq, for effects outside the database.
 */
export type EventHandler = (tx: Drizzle, event: DeliveredEvent) => Promise<void>;
export type EventHandlers = Readonly<Record<string, EventHandler>>;

export interface ConsumeOptions {
  consumer: string;
  handlers: EventHandlers;
  /** Events per transaction (default 100). */
  batchSize?: number;
  /** Failed attempts before an event is set aside as DEAD (default 10). */
  maxAttempts?: number;
  logger?: Logger;
}

export interface BatchOutcome {
  done: number;
  /** Set when the head of the queue failed or waits for its retry: later events wait behind it. */
  blocked: boolean;
}

/** Retry after 1 s, 2 s, 4 s … at most 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

interface DeliveryRow extends Record<string, unknown> {
  seq: unknown;
  attempts: number;
  due: boolean;
  topic: string;
  key: string;
  producer: string;
  subject_type: string | null;
  subject_id: string | null;
  payload: unknown;
  created_at: string;
}

const lockKey = (consumer: string) => sql`hashtext(${`events:${consumer}`})`;

/**
 * Applies the consumer's next pending events, in sequence order. Events reach one consumer in
 * order: a failing event is retried with backoff while the ones behind it wait, until it succeeds
 * or is set aside as DEAD after `maxAttempts`. An advisory lock keeps one process per consumer
 * at work at a time (replicas take over when it stops).
 */
export async function consumeBatch(db: Drizzle, options: ConsumeOptions): Promise<BatchOutcome> {
  const { consumer, handlers } = options;
  const batchSize = options.batchSize ?? 100;
  const maxAttempts = options.maxAttempts ?? 10;
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Drizzle;
    const [lock] = await rows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${lockKey(consumer)}) as locked`);
    if (!lock?.locked) return { done: 0, blocked: true };
    const pending = await rows<DeliveryRow>(
      tx,
      sql`select d.seq, d.attempts, d.next_attempt_at <= now() as due, e.topic, e.key, e.producer, e.subject_type,
                 e.subject_id, e.payload, to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at
          from events.delivery d join events.event e on e.seq = d.seq
          where d.consumer = ${consumer} and d.status = 'PENDING'
          order by d.seq limit ${batchSize}`,
    );
    let done = 0;
    for (const row of pending) {
      if (!row.due) return { done, blocked: true };
      const seq = Number(row.seq);
      const handler = handlers[row.topic];
      const event: DeliveredEvent = {
        seq,
        topic: row.topic,
        key: row.key,
        producer: row.producer,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>,
        createdAt: row.created_at,
        attempt: row.attempts + 1,
      };
      try {
        if (!handler) throw new Error(`no handler for topic '${row.topic}'`);
        // A savepoint per event: a failing handler's writes go, the batch's earlier events stay.
        await tx.transaction(async (inner) => {
          await handler(inner as unknown as Drizzle, event);
          await inner.execute(
            sql`update events.delivery set status = 'DONE', attempts = attempts + 1, done_at = now(), last_error = null
                where consumer = ${consumer} and seq = ${seq}`,
          );
        });
        done++;
      } catch (error) {
        const summary = errorSummary(error);
        const attempts = row.attempts + 1;
        const dead = attempts >= maxAttempts;
        await tx.execute(
          sql`update events.delivery set attempts = ${attempts}, status = ${dead ? 'DEAD' : 'PENDING'},
                last_error = ${summary.code ? `${summary.error} ${summary.code}` : summary.error},
                next_attempt_at = now() + make_interval(secs => ${retryDelayMs(attempts) / 1000})
              where consumer = ${consumer} and seq = ${seq}`,
        );
        options.logger?.error({ consumer, seq, topic: row.topic, attempt: attempts, dead, err: summary }, dead ? 'event set aside after its last attempt' : 'event failed; will retry');
        if (!dead) return { done, blocked: true };
      }
    }
    return { done, blocked: false };
  });
}

export interface EventConsumer {
  /** Applies everything due now (tests, shutdown); returns how many events were applied. */
  drain(): Promise<number>;
  /** Stops polling and waits for the batch in hand. */
  stop(): Promise<void>;
}

/** Polls every `intervalMs`; a full batch is followed at once by the next. */
export function startEventConsumer(db: Drizzle, options: ConsumeOptions & { intervalMs: number }): EventConsumer {
  if (!Number.isFinite(options.intervalMs) || options.intervalMs <= 0) throw new RangeError('startEventConsumer: intervalMs must be positive');
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);
  /** Runs failed in a row (database unreachable): polling backs off so requests are not starved of connections. */
  let failures = 0;
  const batchSize = options.batchSize ?? 100;
  const runOnce = async (): Promise<number> => {
    let total = 0;
    try {
      for (;;) {
        const outcome = await consumeBatch(db, options);
        total += outcome.done;
        failures = 0;
        if (stopped || outcome.blocked || outcome.done < batchSize) return total;
      }
    } catch (error) {
      failures++;
      options.logger?.error({ consumer: options.consumer, err: errorSummary(error) }, 'event consumer run failed');
      return total;
    }
  };
  // One run at a time, whoever asks: the timer or drain().
  const run = (): Promise<number> => (running = running.then(runOnce, runOnce));
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void run().finally(schedule), failures > 0 ? Math.max(options.intervalMs, retryDelayMs(failures)) : options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    drain: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Pending and set-aside deliveries per consumer, for operators and readiness. */
export async function eventBacklog(db: Drizzle): Promise<{ consumer: string; pending: number; dead: number }[]> {
  const found = await rows<{ consumer: string; pending: unknown; dead: unknown }>(
    db,
    sql`select consumer, count(*) filter (where status = 'PENDING') as pending, count(*) filter (where status = 'DEAD') as dead
        from events.delivery where status <> 'DONE' group by consumer order by consumer`,
  );
  return found.map((r) => ({ consumer: r.consumer, pending: Number(r.pending), dead: Number(r.dead) }));
}

/**
 * The (topic, key) of a consumer's deliveries of `topics` not yet applied: what a rebuild reading
 * the producers' data in the same snapshot covers already (kernel/record-backfill.ts).
 */
export async function pendingEventKeys(db: Drizzle, consumer: string, topics: readonly string[]): Promise<{ topic: string; key: string }[]> {
  return rows<{ topic: string; key: string }>(
    db,
    sql`select e.topic, e.key from events.delivery d join events.event e on e.seq = d.seq
        where d.consumer = ${consumer} and d.status = 'PENDING' and e.topic = any(${sql.param([...topics])}::text[])`,
  );
}
