import type { Drizzle } from '../../kernel/db.ts';
import type { DeliveredEvent, EventHandlers } from '../../kernel/events/index.ts';
import { LISTING_DECIDED, RECORD_PUBLISHED, RECORD_STATUS_CHANGED, type StatusChangedPayload } from '../../kernel/record-events.ts';
import { type AlertItem, createAlerts, createEndedAlerts } from './store.ts';

/**
 * Watchlist alerts from the record events every domain appends (kernel/events/topics.ts). Called
 * by platform's handler of each topic, inside the event's savepoint, so the alerts commit with
 * the event's DONE mark; one statement per event whatever the number of watchers.
 */

const LIST_TYPES = new Set(['RED', 'KEY_ATTENTION', 'BLACK']);
const SUBJECT_TYPES = new Set(['LEGAL_PERSON', 'NATURAL_PERSON']);

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const upper = (v: unknown): string | null => text(v)?.toUpperCase() ?? null;

/** A list named on a record or a decision: a list type ('BLACK') or `{ listType, listName }`. */
function listOf(value: unknown): { listType: string; listName: string | null } | null {
  const listType = typeof value === 'string' ? value : upper((value as { listType?: unknown })?.listType);
  if (!listType || !LIST_TYPES.has(listType.toUpperCase())) return null;
  return { listType: listType.toUpperCase(), listName: typeof value === 'object' ? text((value as { listName?: unknown }).listName) : null };
}

interface PublishedRecord {
  id?: unknown;
  subjectType?: unknown;
  subjectId?: unknown;
  polarity?: unknown;
  severity?: unknown;
  category?: unknown;
  decisionDate?: unknown;
  listTypes?: unknown;
  recordType?: unknown;
  /** Listing decisions: the list named. */
  listType?: unknown;
  listName?: unknown;
}

/** `credit-record.published`: a NEW_NEGATIVE_RECORD per negative record, a NEW_LISTING per list a record puts its subject on. */
export function publishedRecordItems(payload: Record<string, unknown>): AlertItem[] {
  const records = Array.isArray(payload.records) ? (payload.records as PublishedRecord[]) : [];
  const items: AlertItem[] = [];
  for (const r of records) {
    const recordId = text(r.id);
    const subjectType = text(r.subjectType);
    const subjectId = text(r.subjectId);
    if (!recordId || !subjectType || !SUBJECT_TYPES.has(subjectType) || !subjectId) continue;
    const common = {
      subjectType,
      subjectId,
      recordId,
      domain: upper(payload.domain),
      recordType: text(r.recordType) ?? text(payload.recordType),
      category: text(r.category),
      severity: upper(r.severity),
      decisionDate: text(r.decisionDate),
    };
    if (upper(r.polarity) === 'NEGATIVE') items.push({ ...common, item: recordId, kind: 'NEW_NEGATIVE_RECORD' });
    for (const value of Array.isArray(r.listTypes) ? r.listTypes : []) {
      const list = listOf(value);
      if (list) items.push({ ...common, ...list, item: `${recordId}:${list.listType}:${list.listName ?? ''}`, kind: 'NEW_LISTING' });
    }
  }
  return items;
}

/** `credit-listing.decided`: a NEW_LISTING per decision, on the list it names. */
export function listingDecisionItems(payload: Record<string, unknown>): AlertItem[] {
  const records = Array.isArray(payload.records) ? (payload.records as PublishedRecord[]) : [];
  const items: AlertItem[] = [];
  for (const r of records) {
    const recordId = text(r.id);
    const subjectType = text(r.subjectType);
    const subjectId = text(r.subjectId);
    const list = listOf({ listType: r.listType, listName: r.listName });
    if (!recordId || !subjectType || !SUBJECT_TYPES.has(subjectType) || !subjectId || !list) continue;
    items.push({
      item: `${recordId}:${list.listType}:${list.listName ?? ''}`,
      kind: 'NEW_LISTING',
      subjectType,
      subjectId,
      recordId,
      domain: upper(payload.domain),
      recordType: text(payload.recordType),
      category: text(r.category),
      severity: upper(r.severity),
      decisionDate: text(r.decisionDate),
      ...list,
    });
  }
  return items;
}

/**
 * Platform's handlers of the record events for watchlists, run after the statistics' in the
 * same savepoint (platform/events.ts). Each is one statement and idempotent by watcher × event × item.
 */
export const watchlistEventHandlers: EventHandlers = {
  [RECORD_PUBLISHED]: (tx, event) => alert(tx, event, publishedRecordItems(event.payload)),
  [LISTING_DECIDED]: (tx, event) => alert(tx, event, listingDecisionItems(event.payload)),
  [RECORD_STATUS_CHANGED]: async (tx, event) => {
    const p = event.payload as unknown as StatusChangedPayload;
    if (typeof p.recordId !== 'string' || !Array.isArray(p.listTypes)) return;
    await createEndedAlerts(tx, event.seq, event.createdAt, p.recordId, p.listTypes);
  },
};

async function alert(tx: Drizzle, event: DeliveredEvent, items: AlertItem[]): Promise<void> {
  await createAlerts(tx, event.seq, event.createdAt, items);
}
