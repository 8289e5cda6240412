import { and, desc, eq, type InferSelectModel, type SQL, sql } from 'drizzle-orm';
import { legalPerson, naturalPerson } from '../../../drizzle/schema/platform.ts';
import { watch, watchAlert, watchDelivery, watchWebhook } from '../../../drizzle/schema/platform-watchlists.ts';
import { liveConsentCondition } from '../../kernel/access/consents.ts';
import { type Drizzle, rows } from '../../kernel/db.ts';
import type { WatchOwner } from './owner.ts';
import { SEALED_PREFIX, sealWebhookSecret } from './secret-seal.ts';

/** Platform's SQL for watchlists: watches, alerts, webhook endpoints and the delivery outbox. */

export type WatchRow = InferSelectModel<typeof watch>;
export type WatchAlertRow = InferSelectModel<typeof watchAlert>;
export type WatchDeliveryRow = InferSelectModel<typeof watchDelivery>;
export type WatchWebhookRow = InferSelectModel<typeof watchWebhook>;

export interface SubjectRef {
  type: 'LEGAL_PERSON' | 'NATURAL_PERSON';
  id: string;
}

export const subjectKey = (s: { type: string; id: string }) => `${s.type}:${s.id}`;
const ownerIs = (owner: WatchOwner) => and(eq(watch.ownerKind, owner.kind), eq(watch.ownerId, owner.id));
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** The subjects among `subjects` the registry knows: one statement for both kinds. */
export async function registeredSubjects(db: Drizzle, subjects: readonly SubjectRef[]): Promise<Set<string>> {
  if (subjects.length === 0) return new Set();
  const found = await rows<{ type: string; id: string }>(
    db,
    sql`select s.type, s.id from jsonb_to_recordset(${json(subjects)}) as s(type text, id text)
        where (s.type = 'LEGAL_PERSON' and exists (select 1 from ${legalPerson} lp where lp.uscc = s.id))
           or (s.type = 'NATURAL_PERSON' and exists (select 1 from ${naturalPerson} np where np.id = s.id))`,
  );
  return new Set(found.map(subjectKey));
}

/** Starts watching; returns the subjects that were not watched yet (the rest were duplicates). One statement. */
export async function insertWatches(db: Drizzle, owner: WatchOwner, purpose: string | null, subjects: readonly SubjectRef[]): Promise<Set<string>> {
  if (subjects.length === 0) return new Set();
  const inserted = await rows<{ subject_type: string; subject_id: string }>(
    db,
    sql`insert into ${watch} (owner_kind, owner_id, subject_type, subject_id, purpose)
        select ${owner.kind}, ${owner.id}, s.type, s.id, ${purpose} from jsonb_to_recordset(${json(subjects)}) as s(type text, id text)
        on conflict (owner_kind, owner_id, subject_type, subject_id) do nothing
        returning subject_type, subject_id`,
  );
  return new Set(inserted.map((r) => subjectKey({ type: r.subject_type, id: r.subject_id })));
}

/** Stops watching; returns the subjects that were watched. One statement. */
export async function deleteWatches(db: Drizzle, owner: WatchOwner, subjects: readonly SubjectRef[]): Promise<Set<string>> {
  if (subjects.length === 0) return new Set();
  const deleted = await rows<{ subject_type: string; subject_id: string }>(
    db,
    sql`delete from ${watch} w using jsonb_to_recordset(${json(subjects)}) as s(type text, id text)
        where w.owner_kind = ${owner.kind} and w.owner_id = ${owner.id} and w.subject_type = s.type and w.subject_id = s.id
        returning w.subject_type, w.subject_id`,
  );
  return new Set(deleted.map((r) => subjectKey({ type: r.subject_type, id: r.subject_id })));
}

/** A page of the owner's watches, newest first, with the total. */
export async function pageWatches(db: Drizzle, owner: WatchOwner, page: { first: number; afterId?: number }): Promise<{ rows: WatchRow[]; total: number }> {
  const [counted] = await db.select({ n: sql<number>`count(*)` }).from(watch).where(ownerIs(owner));
  const where = page.afterId === undefined ? ownerIs(owner) : and(ownerIs(owner), sql`${watch.id} < ${page.afterId}`);
  const found = await db.select().from(watch).where(where).orderBy(desc(watch.id)).limit(page.first + 1);
  return { rows: found, total: Number(counted?.n ?? 0) };
}

export interface AlertFilter {
  kind?: string;
  subject?: SubjectRef;
  /** A WatchDeliveryStatus; NO_WEBHOOK is an alert without a delivery. */
  deliveryStatus?: string;
}

/** A page of the owner's alerts, newest first, with the filter's total. */
export async function pageAlerts(
  db: Drizzle,
  owner: WatchOwner,
  filter: AlertFilter,
  page: { first: number; afterId?: number },
): Promise<{ rows: WatchAlertRow[]; total: number }> {
  const where: SQL[] = [eq(watchAlert.ownerKind, owner.kind), eq(watchAlert.ownerId, owner.id)];
  if (filter.kind) where.push(eq(watchAlert.kind, filter.kind));
  if (filter.subject) where.push(eq(watchAlert.subjectType, filter.subject.type), eq(watchAlert.subjectId, filter.subject.id));
  if (filter.deliveryStatus === 'NO_WEBHOOK') where.push(sql`not exists (select 1 from ${watchDelivery} d where d.alert_id = ${watchAlert.id})`);
  else if (filter.deliveryStatus) where.push(sql`exists (select 1 from ${watchDelivery} d where d.alert_id = ${watchAlert.id} and d.status = ${filter.deliveryStatus})`);
  const [counted] = await db.select({ n: sql<number>`count(*)` }).from(watchAlert).where(and(...where));
  if (page.afterId !== undefined) where.push(sql`${watchAlert.id} < ${page.afterId}`);
  const found = await db
    .select()
    .from(watchAlert)
    .where(and(...where))
    .orderBy(desc(watchAlert.id))
    .limit(page.first + 1);
  return { rows: found, total: Number(counted?.n ?? 0) };
}

export async function deliveriesOfAlerts(db: Drizzle, alertIds: readonly number[]): Promise<WatchDeliveryRow[]> {
  if (alertIds.length === 0) return [];
  return db.select().from(watchDelivery).where(sql`${watchDelivery.alertId} = any(${sql.param([...alertIds])}::bigint[])`);
}

export async function webhookOf(db: Drizzle, owner: WatchOwner): Promise<WatchWebhookRow | null> {
  const [row] = await db
    .select()
    .from(watchWebhook)
    .where(and(eq(watchWebhook.ownerKind, owner.kind), eq(watchWebhook.ownerId, owner.id)));
  return row ?? null;
}

/** Registers or replaces the owner's endpoint and secret (sealed: secret-seal.ts). */
export async function upsertWebhook(db: Drizzle, owner: WatchOwner, url: string, sealedSecret: string): Promise<WatchWebhookRow> {
  const [row] = await db
    .insert(watchWebhook)
    .values({ ownerKind: owner.kind, ownerId: owner.id, url, secret: sealedSecret })
    .onConflictDoUpdate({ target: [watchWebhook.ownerKind, watchWebhook.ownerId], set: { url, secret: sealedSecret, secretRotatedAt: sql`now()` } })
    .returning();
  return row!;
}

export async function setWebhookSecret(db: Drizzle, owner: WatchOwner, sealedSecret: string): Promise<WatchWebhookRow | null> {
  const [row] = await db
    .update(watchWebhook)
    .set({ secret: sealedSecret, secretRotatedAt: sql`now()` })
    .where(and(eq(watchWebhook.ownerKind, owner.kind), eq(watchWebhook.ownerId, owner.id)))
    .returning();
  return row ?? null;
}

/**
 * Seals the secrets stored before sealing existed (secret-seal.ts); each row is updated only if
 * still unsealed, so replicas starting together do no harm. Returns how many it sealed.
 */
export async function sealStoredSecrets(db: Drizzle, key: Buffer): Promise<number> {
  const open = await db
    .select({ ownerKind: watchWebhook.ownerKind, ownerId: watchWebhook.ownerId, secret: watchWebhook.secret })
    .from(watchWebhook)
    .where(sql`${watchWebhook.secret} not like ${`${SEALED_PREFIX}%`}`);
  let sealed = 0;
  for (const row of open) {
    const done = await db
      .update(watchWebhook)
      .set({ secret: sealWebhookSecret(key, { kind: row.ownerKind, id: row.ownerId }, row.secret) })
      .where(and(eq(watchWebhook.ownerKind, row.ownerKind), eq(watchWebhook.ownerId, row.ownerId), eq(watchWebhook.secret, row.secret)))
      .returning({ ownerId: watchWebhook.ownerId });
    sealed += done.length;
  }
  return sealed;
}

/** Removes the endpoint and cancels the owner's deliveries not yet made, in one statement. */
export async function deleteWebhook(db: Drizzle, owner: WatchOwner): Promise<{ removed: boolean; cancelled: number }> {
  const [result] = await rows<{ removed: unknown; cancelled: unknown }>(
    db,
    sql`with removed as (
          delete from ${watchWebhook} where owner_kind = ${owner.kind} and owner_id = ${owner.id} returning 1
        ), cancelled as (
          update ${watchDelivery} d set status = 'CANCELLED', last_error = 'WEBHOOK_REMOVED'
          from ${watchAlert} a
          where a.id = d.alert_id and a.owner_kind = ${owner.kind} and a.owner_id = ${owner.id} and d.status = 'PENDING'
            and exists (select 1 from removed)
          returning 1
        )
        select (select count(*) from removed) as removed, (select count(*) from cancelled) as cancelled`,
  );
  return { removed: Number(result?.removed ?? 0) > 0, cancelled: Number(result?.cancelled ?? 0) };
}

/** One thing of an event that may alert the watchers of its subject. */
export interface AlertItem {
  /** Unique within the event: the record id, with the list for listings. */
  item: string;
  kind: 'NEW_NEGATIVE_RECORD' | 'NEW_LISTING' | 'LISTING_ENDED';
  subjectType: string;
  subjectId: string;
  recordId?: string | null;
  domain?: string | null;
  recordType?: string | null;
  category?: string | null;
  severity?: string | null;
  decisionDate?: string | null;
  listType?: string | null;
  listName?: string | null;
}

const ALERT_COLUMNS = sql.raw(`owner_kind, owner_id, subject_type, subject_id, purpose, kind, event_seq, item, record_id, domain,
  record_type, category, severity, decision_date, list_type, list_name, occurred_at`);

/**
 * Inserts the alerts `select` yields (rows of ALERT_COLUMNS), once per watcher × event × item,
 * and a webhook delivery for each new one whose owner has an endpoint: one statement.
 */
async function insertAlerts(tx: Drizzle, select: SQL, prefix: SQL = sql``): Promise<number> {
  const [made] = await rows<{ alerts: unknown }>(
    tx,
    sql`with ${prefix} new_alerts as (
          insert into ${watchAlert} (${ALERT_COLUMNS}) ${select}
          on conflict (owner_kind, owner_id, event_seq, item) do nothing
          returning id, owner_kind, owner_id
        ), new_deliveries as (
          insert into ${watchDelivery} (alert_id)
          select a.id from new_alerts a join ${watchWebhook} h on h.owner_kind = a.owner_kind and h.owner_id = a.owner_id
        )
        select count(*) as alerts from new_alerts`,
  );
  return Number(made?.alerts ?? 0);
}

/** An agency watcher (`w`) is alerted only while the subject's consent for its purpose is live. */
const watcherMayKnow = () => sql`(w.owner_kind <> 'agency' or ${liveConsentCondition(sql`w.subject_id`, sql`w.owner_id`, sql`w.purpose`)})`;

/**
 * Makes the alerts of one event for every watcher of its subjects — one statement, however many
 * items and watchers (the items join the watch table on its subject index). Unique per
 * watcher × event × item: a redelivered event adds nothing.
 */
export async function createAlerts(tx: Drizzle, eventSeq: number, occurredAt: string, items: readonly AlertItem[]): Promise<number> {
  if (items.length === 0) return 0;
  return insertAlerts(
    tx,
    sql`select w.owner_kind, w.owner_id, w.subject_type, w.subject_id, w.purpose, i.kind, ${eventSeq}, i.item, i."recordId", i.domain,
          i."recordType", i.category, i.severity, i."decisionDate", i."listType", i."listName", ${occurredAt}::timestamptz
        from items i join ${watch} w on w.subject_id = i."subjectId" and w.subject_type = i."subjectType"
        where ${watcherMayKnow()}`,
    sql`items as (
          select * from jsonb_to_recordset(${json(items)}) as i(item text, kind text, "subjectType" text, "subjectId" text, "recordId" text,
            domain text, "recordType" text, category text, severity text, "decisionDate" date, "listType" text, "listName" text)
        ),`,
  );
}

/**
 * The listing alert `p` has had no LISTING_ENDED since for the same watcher, subject, domain and
 * list: the watcher still believes the subject is on it.
 */
const notEndedSince = () => sql`not exists (
  select 1 from ${watchAlert} e
  where e.owner_kind = p.owner_kind and e.owner_id = p.owner_id and e.subject_id = p.subject_id and e.subject_type = p.subject_type
    and e.kind = 'LISTING_ENDED' and e.domain is not distinct from p.domain and e.list_type = p.list_type
    and e.list_name is not distinct from p.list_name and e.id > p.id)`;

/**
 * A record's correction, revocation or repair took its subject off lists: LISTING_ENDED for each
 * watcher (still watching) who was alerted that this record listed the subject on a list the
 * subject is no longer on in that domain, unless it was told so since. One statement.
 */
export async function createEndedAlerts(tx: Drizzle, eventSeq: number, occurredAt: string, recordId: string, stillOn: readonly string[]): Promise<number> {
  return insertAlerts(
    tx,
    sql`select distinct on (w.owner_kind, w.owner_id, p.list_type, p.list_name)
          w.owner_kind, w.owner_id, w.subject_type, w.subject_id, w.purpose, 'LISTING_ENDED', ${eventSeq},
          ${recordId} || ':' || p.list_type || ':' || coalesce(p.list_name, ''), p.record_id, p.domain, p.record_type, p.category,
          p.severity, p.decision_date, p.list_type, p.list_name, ${occurredAt}::timestamptz
        from ${watchAlert} p
        join ${watch} w on w.owner_kind = p.owner_kind and w.owner_id = p.owner_id and w.subject_type = p.subject_type and w.subject_id = p.subject_id
        where p.record_id = ${recordId} and p.kind = 'NEW_LISTING' and not (p.list_type = any(${sql.param([...stillOn])}::text[]))
          and ${notEndedSince()} and ${watcherMayKnow()}
        order by w.owner_kind, w.owner_id, p.list_type, p.list_name, p.id`,
  );
}

/** A listing a watcher was alerted of and not told the end of (listing-expiry.ts). */
export interface OpenListingAlert extends Record<string, unknown> {
  id: number;
  subject_type: 'LEGAL_PERSON' | 'NATURAL_PERSON';
  subject_id: string;
  domain: string;
  list_type: string;
  list_name: string | null;
}

/** Every listing alert of a watcher still watching its subject that no LISTING_ENDED has followed. */
export async function openListingAlerts(db: Drizzle): Promise<OpenListingAlert[]> {
  const found = await rows<OpenListingAlert>(
    db,
    sql`select p.id, p.subject_type, p.subject_id, p.domain, p.list_type, p.list_name
        from ${watchAlert} p
        join ${watch} w on w.owner_kind = p.owner_kind and w.owner_id = p.owner_id and w.subject_type = p.subject_type and w.subject_id = p.subject_id
        where p.kind = 'NEW_LISTING' and p.domain is not null and ${notEndedSince()}`,
  );
  return found.map((r) => ({ ...r, id: Number(r.id) }));
}

/**
 * LISTING_ENDED for listing alerts whose subject is off the list now (found by the sweep), one
 * per watcher × subject × domain × list however many alerts it had of that list, and only where
 * nothing ended it since. Its cause is the newest of those alerts: the event sequence is that
 * alert's id negated (no event caused it), so sweeps of several replicas, or sweeps repeated,
 * add it once.
 */
export async function createExpiredAlerts(db: Drizzle, alertIds: readonly number[]): Promise<number> {
  if (alertIds.length === 0) return 0;
  return insertAlerts(
    db,
    sql`select distinct on (p.owner_kind, p.owner_id, p.subject_type, p.subject_id, p.domain, p.list_type, p.list_name)
          p.owner_kind, p.owner_id, p.subject_type, p.subject_id, w.purpose, 'LISTING_ENDED', -p.id, p.item, p.record_id, p.domain,
          p.record_type, p.category, p.severity, p.decision_date, p.list_type, p.list_name, now()
        from ${watchAlert} p
        join ${watch} w on w.owner_kind = p.owner_kind and w.owner_id = p.owner_id and w.subject_type = p.subject_type and w.subject_id = p.subject_id
        where p.id = any(${sql.param([...alertIds])}::bigint[]) and p.kind = 'NEW_LISTING' and ${notEndedSince()} and ${watcherMayKnow()}
        order by p.owner_kind, p.owner_id, p.subject_type, p.subject_id, p.domain, p.list_type, p.list_name, p.id desc`,
  );
}
