import DataLoader from 'dataloader';
import { is, Placeholder, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type Drizzle, rows } from './db.ts';
import { toGlobalId } from './global-id.ts';
import { inPublicWindow } from './publication-sql.ts';
import { TemplateCache } from './statement-template.ts';
import type { SectorRecordTable } from './sector-records.ts';

/**
 * Joint rewards and sanctions lists (联合奖惩名单, 国发〔2016〕33号): red (守信激励), key-attention
 * (重点关注) and black (严重失信主体). A domain never stores who is on a list: each of its rules
 * says which of its record rows put a subject on which list, and the listing is read from those
 * rows at query time. A record that is revoked, repaired, removed or past its window therefore
 * leaves the list in the same instant, with no job in between.
 */
export const LIST_TYPES = ['RED', 'KEY_ATTENTION', 'BLACK'] as const;
export type ListType = (typeof LIST_TYPES)[number];
export type ListingDomain = 'government' | 'business' | 'social' | 'judicial';

/** One rule: rows of `table` matching `where` put their subject on `listName`. */
export interface ListingRule {
  /** Stable code, e.g. JUDICIAL_DISHONEST_DEBTOR. */
  code: string;
  /** The list: fixed for the rule, or read from the row (listing decisions name their list). */
  listType: ListType | PgColumn;
  /** 名单名称 as published, e.g. 失信被执行人名单. */
  listName: string | PgColumn;
  /**
   * Which records list the subject, and for how long, in words: the information catalog publishes
   * it (认定标准), so it is part of the rule and cannot be forgotten when a rule is added.
   */
  description: string;
  table: PgTable;
  /** The GraphQL type of the evidence records, for their global ids. */
  recordType: string;
  columns: {
    id: PgColumn;
    uscc: PgColumn;
    /** The natural-person key, for domains whose records name persons. */
    personId?: PgColumn;
    /** When the listing starts (公示/认定日期) and ends (null: open-ended). */
    since: SQL | PgColumn;
    until: SQL | PgColumn;
    authorityName: SQL | PgColumn;
    /** Null where the domain's records carry no authority USCC (courts). */
    authorityUscc: SQL | PgColumn;
  };
  /** Which rows list the subject now: evaluated by the database against today's date. */
  where: SQL;
}

/** A subject's place on one list, as every domain exposes it (the shared `CreditListing` type). */
export interface CreditListing {
  listType: ListType;
  listName: string;
  rule: string;
  domain: string;
  since: string;
  until: string | null;
  evidenceRecordIds: string[];
  authorityName: string;
  authorityUscc: string | null;
}

type Subject = 'uscc' | 'personId';

interface ListingRow extends Record<string, unknown> {
  rule: string;
  list_type: ListType;
  list_name: string;
  subject: string;
  record_id: unknown;
  since: string;
  until: string | null;
  authority_name: string;
  authority_uscc: string | null;
}

/**
 * One statement for every rule and every subject asked for: the rules' selects, unioned. Each
 * rule probes its table once per subject (the keys as one array parameter, unnested once into
 * `k` and joined laterally, never flattened), so the subject index serves whatever the rule's
 * other conditions are — and a list of 1,000 separate parameters, which costs the driver far more
 * than the query, is avoided. The array travels once, not once per rule: binding 1,000 codes
 * costs PostgreSQL more than probing an index with them.
 */
export function listingStatement(rules: readonly ListingRule[], by: Subject, subjects: readonly string[] | Placeholder): SQL {
  const probing = rules.flatMap((r) => {
    const subject = by === 'uscc' ? r.columns.uscc : r.columns.personId;
    return subject ? [{ r, subject }] : [];
  });
  if (probing.length === 0) return sql`select null::text as rule where false`;
  const types = new Set(probing.map((p) => p.subject.getSQLType()));
  // One key type for every table (the usual case) compares as is; otherwise each rule casts.
  const keyType = types.size === 1 ? [...types][0]! : 'text';
  const parts = probing.map(({ r, subject }) => {
    const c = r.columns;
    const key = types.size === 1 ? sql`k.subject` : sql`k.subject::${sql.raw(subject.getSQLType())}`;
    return sql`select x.* from k
          cross join lateral (
            select ${r.code}::text as rule, ${r.listType}::text as list_type, ${r.listName}::text as list_name, k.subject::text as subject,
                   ${c.id} as record_id, (${c.since})::text as since, (${c.until})::text as until,
                   (${c.authorityName})::text as authority_name, (${c.authorityUscc})::text as authority_uscc
            from ${r.table} where ${subject} = ${key} and (${r.where})
            -- offset 0 keeps the subquery per subject (the planner may not flatten it into a join)
            offset 0
          ) x`;
  });
  return sql`with k as materialized (select unnest(${sql.param(is(subjects, Placeholder) ? subjects : [...(subjects as readonly string[])])}::${sql.raw(keyType)}[]) as subject)
    ${sql.join(parts, sql` union all `)}`;
}

/** Orders names as `localeCompare` does, without looking the collator up on every comparison. */
const collator = new Intl.Collator();

/**
 * Rows into listings: one listing per subject and list, spanning its evidence records (earliest
 * start, latest end, open-ended if any is), decided by the authority of its newest record.
 */
export function groupListings(domain: ListingDomain, rules: readonly ListingRule[], found: readonly ListingRow[]): Map<string, CreditListing[]> {
  const byCode = new Map(rules.map((r) => [r.code, r]));
  const ordered = [...found].sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : Number(a.record_id) - Number(b.record_id)));
  const bySubject = new Map<string, Map<string, CreditListing>>();
  for (const row of ordered) {
    const rule = byCode.get(row.rule)!;
    let lists = bySubject.get(row.subject);
    if (!lists) bySubject.set(row.subject, (lists = new Map()));
    const id = toGlobalId(domain, rule.recordType, String(row.record_id));
    const key = `${row.list_type}\u0000${row.list_name}`;
    const listing = lists.get(key);
    if (!listing) {
      lists.set(key, {
        listType: row.list_type,
        listName: row.list_name,
        rule: rule.code,
        domain: domain.toUpperCase(),
        since: row.since,
        until: row.until,
        evidenceRecordIds: [id],
        authorityName: row.authority_name,
        authorityUscc: row.authority_uscc,
      });
      continue;
    }
    listing.evidenceRecordIds.push(id);
    listing.until = listing.until === null || row.until === null ? null : listing.until > row.until ? listing.until : row.until;
    listing.authorityName = row.authority_name;
    listing.authorityUscc = row.authority_uscc;
  }
  const result = new Map<string, CreditListing[]>();
  for (const [subject, lists] of bySubject) {
    const listings = [...lists.values()];
    if (listings.length > 1) listings.sort((a, b) => LIST_TYPES.indexOf(b.listType) - LIST_TYPES.indexOf(a.listType) || collator.compare(a.listName, b.listName));
    result.set(subject, listings);
  }
  return result;
}

/** Each domain's listing statement, rendered once per process (see StatementTemplate). */
const LISTING_STATEMENTS = new TemplateCache<readonly ListingRule[]>();

/** Listings of many subjects by one key (USCC or person id): one statement per batch of 1,000. */
export function listingLoader(db: Drizzle, domain: ListingDomain, rules: readonly ListingRule[], by: Subject): DataLoader<string, CreditListing[]> {
  return new DataLoader<string, CreditListing[]>(
    async (subjects) => {
      const statement = LISTING_STATEMENTS.get(rules, by, () => listingStatement(rules, by, sql.placeholder('subjects'))).with({ subjects: [...subjects] });
      const grouped = groupListings(domain, rules, await rows<ListingRow>(db, statement));
      return subjects.map((s) => grouped.get(s) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}

/**
 * A rule over a domain's sector records: published (not corrected away, revoked or repaired),
 * inside its public window, and matching `where`. The listing lasts the record's window.
 */
export function sectorRecordRule(
  table: SectorRecordTable,
  rule: { code: string; listType: ListType; listName: string; description: string; recordType: string; where: SQL },
): ListingRule {
  return {
    ...rule,
    table,
    columns: {
      id: table.id,
      uscc: table.subjectUscc,
      personId: table.subjectPersonId,
      since: sql`coalesce(${table.publishedDate}, ${table.decisionDate})`,
      until: table.publicationEndDate,
      authorityName: table.authorityName,
      authorityUscc: table.authorityUscc,
    },
    where: sql`${inPublicWindow(table)} and ${rule.where}`,
  };
}
