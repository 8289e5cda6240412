import { sql } from 'drizzle-orm';
import { statisticsAppliedEvent } from '../../drizzle/schema/platform-statistics.ts';
import { type Drizzle, rows } from '../kernel/db.ts';
import type { DeliveredEvent, EventHandler, EventHandlers } from '../kernel/events/index.ts';
import { LISTING_DECIDED, RECORD_PUBLISHED, RECORD_STATUS_CHANGED } from '../kernel/record-events.ts';

/**
 * Marks a record event applied; false when it was already (a redelivery): the caller then
 * changes nothing, so at-least-once delivery never counts an event twice.
 */
export async function firstApplication(tx: Drizzle, event: DeliveredEvent): Promise<boolean> {
  const inserted = await rows<{ key: string }>(
    tx,
    sql`insert into ${statisticsAppliedEvent} (topic, key) values (${event.topic}, ${event.key}) on conflict do nothing returning key`,
  );
  return inserted.length > 0;
}

const once =
  (apply: EventHandler): EventHandler =>
  async (tx, event) => {
    if (await firstApplication(tx, event)) await apply(tx, event);
  };

/** The record events of every domain, applied to platform's statistics. */
export const statisticsEventHandlers: EventHandlers = {
  [RECORD_PUBLISHED]: once(async () => {}),
  [LISTING_DECIDED]: once(async () => {}),
  [RECORD_STATUS_CHANGED]: once(async () => {}),
};
