import { randomUUID } from 'node:crypto';
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { shanghaiDate } from './calendar.ts';
import { type Drizzle, rows } from './db.ts';
import type { NewEvent } from './events/index.ts';
import { toGlobalId } from './global-id.ts';
import { type ListingRule, listingStatement, type ListType } from './listings.ts';

/**
 * Record events: what the statistics (platform) learn about records without reading a domain's
 * tables. One `credit-record.published` (or `credit-listing.decided` for listing decisions) per
 * stored batch — never one per row, so bulk files stay fast — appended in the batch's
 * transaction, describing only the rows it newly stored; duplicates and rejections are counted.
 * `credit-record.status-changed` follows each correction, revocation or repair.
 */
export const RECORD_PUBLISHED = 'credit-record.published';
export const LISTING_DECIDED = 'credit-listing.decided';
export const RECORD_STATUS_CHANGED = 'credit-record.status-changed';

export type SubjectType = 'LEGAL_PERSON' | 'NATURAL_PERSON';

/** One newly stored record as the event describes it. */
export interface PublishedRecord {
  /** Global record id. */
  id: string;
  subjectType: SubjectType;
  /** USCC or natural-person id. */
  subjectId: string;
  polarity: string;
  severity: string | null;
  /** The sector of a sector record, else null. */
  sector: string | null;
  /** 信用信息类别 of a sector record, or the record type's kind (ADMINISTRATIVE_PENALTY …). */
  category: string;
  decisionDate: string;
  /** Day published (Asia/Shanghai): the record's publication date, else the day it was received. */
  publishedOn: string;
  /** 双公示 only: published after its 7-working-day deadline; null for other types. */
  late: boolean | null;
  /** The lists this record puts its subject on now, by the domain's listing rules. */
  listTypes: ListType[];
  /** Listing decisions only: the list named. */
  listType?: string;
  listName?: string;
}

export interface RecordBatchPayload {
  domain: string;
  recordType: string;
  /** 数据来源单位: the submitting department's USCC. */
  departmentUscc: string | null;
  submitted: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Rejected rows by reason code (a row with several reasons counts once for each distinct one). */
  rejectedByReason: Record<string, number>;
  records: PublishedRecord[];
}

export interface StatusChangedPayload {
  domain: string;
  recordType: string;
  recordId: string;
  subjectType: SubjectType;
  subjectId: string;
  /** The record's data-source department; null where the row names none (older court listings). */
  departmentUscc: string | null;
  polarity: string;
  severity: string | null;
  decisionDate: string;
  oldStatus: string;
  newStatus: string;
  effectiveOn: string;
  causeType: string;
  /** The lists of this domain the subject is still on after the change. */
  listTypes: ListType[];
}

/** Record types whose polarity and kind are fixed by the type (双公示; lifecycle/records.ts likewise). */
const FIXED_KIND: Readonly<Record<string, { polarity: string; category: string }>> = {
  AdministrativePenalty: { polarity: 'NEGATIVE', category: 'ADMINISTRATIVE_PENALTY' },
  AdministrativeLicence: { polarity: 'POSITIVE', category: 'ADMINISTRATIVE_LICENCE' },
};

/**
 * Each domain's listing rules, registered by the domain (its listing-rules module) so that the
 * kernel can say which lists a stored record implies without knowing the domains.
 */
const RULES = new Map<string, readonly ListingRule[]>();

export function registerListingRules(domain: string, rules: readonly ListingRule[]): void {
  RULES.set(domain, rules);
}

/** Columns the insert returns for the event, where the table has them. */
const EVENT_COLUMNS = [
  'id',
  'authorityUscc',
  'documentNumber',
  'subjectUscc',
  'subjectPersonId',
  'polarity',
  'severity',
  'sector',
  'category',
  'listType',
  'listName',
  'decisionDate',
  'publishedDate',
  'publicationDeadline',
  'sourceUscc',
] as const;

/** The returned column holding rule `i`'s list when the row meets it (else null). */
const listAlias = (i: number) => `listOfRule${i}`;

/**
 * Which list each of the domain's rules for `table` puts the row's subject on, as expressions
 * over the row: the insert returns them with the row (and a backfill selects them), so the
 * event needs no second statement probing the rows it has just written.
 */
export function listTypeExpressions(domain: string, table: PgTable): Record<string, SQL> {
  const out: Record<string, SQL> = {};
  (RULES.get(domain) ?? []).forEach((r, i) => {
    if (r.table === table) out[listAlias(i)] = sql`case when (${r.where}) then ${r.listType}::text end`;
  });
  return out;
}

/** What the insert returns for the batch's record event: the row's columns and its lists. */
export function eventReturning(domain: string, table: PgTable): Record<string, PgColumn | SQL> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const out: Record<string, PgColumn | SQL> = {};
  for (const k of EVENT_COLUMNS) if (columns[k]) out[k] = columns[k];
  return { ...out, ...listTypeExpressions(domain, table) };
}

export type ReturnedRow = Record<string, unknown> & { id: unknown; authorityUscc: string; documentNumber: string };

/** The lists a returned row's `listTypeExpressions` name, each once. */
function listTypesOfRow(domain: string, row: ReturnedRow): ListType[] {
  const out: ListType[] = [];
  (RULES.get(domain) ?? []).forEach((_, i) => {
    const v = row[listAlias(i)] as ListType | null | undefined;
    if (v && !out.includes(v)) out.push(v);
  });
  return out;
}

/** The lists of `domain` a subject is on now (after a change in this transaction). */
export async function listTypesOfSubject(tx: Drizzle, domain: string, subjectType: SubjectType, subjectId: string): Promise<ListType[]> {
  const rules = RULES.get(domain) ?? [];
  const by = subjectType === 'LEGAL_PERSON' ? 'uscc' : 'personId';
  if (!rules.some((r) => (by === 'uscc' ? r.columns.uscc : r.columns.personId))) return [];
  const found = await rows<{ list_type: ListType }>(tx, listingStatement(rules, by, [subjectId]));
  return [...new Set(found.map((r) => r.list_type))].sort();
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v.trim() : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

/**
 * Stored rows as the events describe them: the insert's returned rows, or rows read back by a
 * backfill, each with the columns of `eventReturning`.
 */
export function describeRecords(id: { domain: string; type: string }, stored: readonly ReturnedRow[]): PublishedRecord[] {
  const numericIds = stored.map((r) => Number(r.id));
  const fixed = FIXED_KIND[id.type];
  const today = shanghaiDate();
  return stored.map((r, i) => {
    const uscc = text(r.subjectUscc);
    const publishedDate = text(r.publishedDate);
    const deadline = text(r.publicationDeadline);
    const listType = text(r.listType);
    const record: PublishedRecord = {
      id: toGlobalId(id.domain, id.type, numericIds[i]!),
      subjectType: uscc ? 'LEGAL_PERSON' : 'NATURAL_PERSON',
      subjectId: uscc ?? text(r.subjectPersonId) ?? '',
      polarity: fixed?.polarity ?? text(r.polarity) ?? (listType ? (listType === 'RED' ? 'POSITIVE' : 'NEGATIVE') : 'NEUTRAL'),
      severity: text(r.severity),
      sector: text(r.sector),
      category: listType ? 'LISTING_DECISION' : (text(r.category) ?? fixed?.category ?? id.type),
      decisionDate: text(r.decisionDate)!,
      publishedOn: publishedDate ?? today,
      late: deadline ? (publishedDate ?? today) > deadline : null,
      listTypes: listTypesOfRow(id.domain, r),
    };
    if (listType) {
      record.listType = listType;
      record.listName = text(r.listName) ?? '';
    }
    return record;
  });
}

/** The batch's event, from the insert's returned rows and the batch's counts. */
export function recordBatchEvent(
  id: { domain: string; type: string; departmentUscc?: string | null },
  inserted: readonly ReturnedRow[],
  counts: { submitted: number; duplicates: number; rejected: number; rejectedByReason: Record<string, number> },
): NewEvent {
  const records = describeRecords(id, inserted);
  const numericIds = inserted.map((r) => Number(r.id));
  const payload: RecordBatchPayload = {
    domain: id.domain,
    recordType: id.type,
    departmentUscc: id.departmentUscc ?? text(inserted[0]?.sourceUscc),
    submitted: counts.submitted,
    accepted: records.length,
    duplicates: counts.duplicates,
    rejected: counts.rejected,
    rejectedByReason: counts.rejectedByReason,
    records,
  };
  return {
    topic: id.type === 'ListingDecision' ? LISTING_DECIDED : RECORD_PUBLISHED,
    // The first new id names the batch (ids are never reused); a batch with nothing new gets its own.
    key: numericIds.length > 0 ? `${id.domain}:${id.type}:${Math.min(...numericIds)}` : `${id.domain}:${id.type}:none:${randomUUID()}`,
    payload: payload as unknown as Record<string, unknown>,
  };
}

/** Rejected rows by reason code, each distinct reason of a row once. */
export function countReasons(problems: Iterable<readonly { reason: string }[]>, into: Record<string, number> = {}): Record<string, number> {
  for (const list of problems) {
    const seen = new Set<string>();
    for (const p of list) {
      if (seen.has(p.reason)) continue;
      seen.add(p.reason);
      into[p.reason] = (into[p.reason] ?? 0) + 1;
    }
  }
  return into;
}
