import { sql } from 'drizzle-orm';
import { type Drizzle, rows } from '../db.ts';
import { EVENT_TOPICS, type EventTopics } from './topics.ts';

export interface NewEvent {
  topic: string;
  /** Idempotency key within the topic, e.g. the objection's id and its decision: re-appending is a no-op. */
  key: string;
  subject?: { type: 'LEGAL_PERSON' | 'NATURAL_PERSON'; id: string };
  payload: Record<string, unknown>;
}

/**
 * Appends events with one delivery per consumer of each topic. Call it with the transaction that
 * makes the change the events report (the outbox): both commit, or neither. Returns the
 * sequence numbers of the events that were new; a repeated (topic, key) adds nothing.
 */
export async function appendEvents(tx: Drizzle, producer: string, events: readonly NewEvent[], topics: EventTopics = EVENT_TOPICS): Promise<number[]> {
  if (events.length === 0) return [];
  for (const e of events) {
    if (!topics[e.topic]) throw new Error(`event log: unknown topic '${e.topic}' (add it to EVENT_TOPICS)`);
    if (!e.key) throw new Error(`event log: an event of '${e.topic}' needs a key`);
  }
  const batch = events.map((e) => ({ topic: e.topic, key: e.key, subject_type: e.subject?.type ?? null, subject_id: e.subject?.id ?? null, payload: e.payload }));
  const consumers = [...new Set(events.map((e) => e.topic))].flatMap((topic) => topics[topic]!.consumers.map((consumer) => ({ topic, consumer })));
  // One statement: the events and their deliveries, whatever the batch size.
  const inserted = await rows<{ seq: unknown }>(
    tx,
    sql`with new_events as (
          insert into events.event (topic, key, producer, subject_type, subject_id, payload)
          select topic, key, ${producer}, subject_type, subject_id, payload
          from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(topic text, key text, subject_type text, subject_id text, payload jsonb)
          on conflict (topic, key) do nothing
          returning seq, topic
        ), new_deliveries as (
          insert into events.delivery (consumer, seq)
          select c.consumer, n.seq from new_events n
          join jsonb_to_recordset(${JSON.stringify(consumers)}::jsonb) as c(topic text, consumer text) on c.topic = n.topic
        )
        select seq from new_events order by seq`,
  );
  return inserted.map((r) => Number(r.seq));
}
