import DataLoader from 'dataloader';
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type Drizzle, rows } from './db.ts';
import { toGlobalId } from './global-id.ts';
import type { CreditListing, ListingDomain } from './listings.ts';
import { inPublicWindow } from './publication-sql.ts';
import type { SectorRecordTable } from './sector-records.ts';

/**
 * Evaluation facts (评价事实): what a domain tells the platform's credit evaluation about a legal
 * person — each of its records, reduced to the few properties evaluation rules match on, and each
 * list the subject is on. Platform reads them through federation (`@requires`) and scores them
 * at read time, so a changed record changes the score in the same instant.
 */
export interface EvaluationFact {
  kind: 'RECORD' | 'LISTING';
  recordId: string;
  recordType: string;
  domain: string;
  sector: string | null;
  category: string | null;
  polarity: string;
  severity: string | null;
  listType: string | null;
  listName: string | null;
  decisionDate: string | null;
  inPublicWindow: boolean;
  status: string | null;
  title: string;
}

type Expr = SQL | PgColumn;

/** One kind of record as facts: which rows of `table` and how each property is read. */
export interface FactSource {
  recordType: string;
  table: PgTable;
  columns: {
    id: PgColumn;
    uscc: PgColumn;
    sector: Expr;
    category: Expr;
    polarity: Expr;
    severity: Expr;
    decisionDate: Expr;
    /** Whether the record is public now, evaluated by the database against today's date. */
    inPublicWindow: SQL;
    status: Expr;
    title: Expr;
  };
  where?: SQL;
}

interface FactRow extends Record<string, unknown> {
  record_type: string;
  subject: string;
  record_id: unknown;
  sector: string | null;
  category: string | null;
  polarity: string;
  severity: string | null;
  decision_date: string | null;
  in_public_window: boolean;
  status: string | null;
  title: string;
}

/** Every source's rows of every subject asked for, in one statement (subjects as one array parameter). */
export function factStatement(sources: readonly FactSource[], usccs: readonly string[]): SQL {
  const parts = sources.map((s) => {
    const c = s.columns;
    return sql`select x.* from unnest(${sql.param([...usccs])}::bpchar[]) as k(subject)
        cross join lateral (
          select ${s.recordType}::text as record_type, k.subject::text as subject, ${c.id} as record_id,
                 (${c.sector})::text as sector, (${c.category})::text as category, (${c.polarity})::text as polarity,
                 (${c.severity})::text as severity, (${c.decisionDate})::text as decision_date,
                 (${c.inPublicWindow})::boolean as in_public_window, (${c.status})::text as status, (${c.title})::text as title
          from ${s.table} where ${c.uscc} = k.subject${s.where ? sql` and (${s.where})` : sql``}
          offset 0
        ) x`;
  });
  return sql.join(parts, sql` union all `);
}

/** A listing as a fact: lists are published, so always public; its first evidence record stands for it. */
export function listingFact(listing: CreditListing): EvaluationFact {
  return {
    kind: 'LISTING',
    recordId: listing.evidenceRecordIds[0] ?? '',
    recordType: 'CreditListing',
    domain: listing.domain,
    sector: null,
    category: listing.rule,
    polarity: listing.listType === 'RED' ? 'POSITIVE' : 'NEGATIVE',
    severity: null,
    listType: listing.listType,
    listName: listing.listName,
    decisionDate: listing.since,
    inPublicWindow: true,
    status: null,
    title: listing.listName,
  };
}

/**
 * A legal person's facts of one domain: its records (one statement for the batch) and its
 * listings (through the domain's listing loader, shared with its `<domain>Listings` field).
 */
export function evaluationFactLoader(
  db: Drizzle,
  domain: ListingDomain,
  sources: readonly FactSource[],
  listings: DataLoader<string, CreditListing[]>,
): DataLoader<string, EvaluationFact[]> {
  return new DataLoader<string, EvaluationFact[]>(
    async (usccs) => {
      const [found, listed] = await Promise.all([rows<FactRow>(db, factStatement(sources, usccs)), listings.loadMany(usccs)]);
      const bySubject = new Map<string, EvaluationFact[]>();
      for (const r of found) {
        const subject = r.subject.trim();
        let list = bySubject.get(subject);
        if (!list) bySubject.set(subject, (list = []));
        list.push({
          kind: 'RECORD',
          recordId: toGlobalId(domain, r.record_type, String(r.record_id)),
          recordType: r.record_type,
          domain: domain.toUpperCase(),
          sector: r.sector,
          category: r.category,
          polarity: r.polarity,
          severity: r.severity,
          listType: null,
          listName: null,
          decisionDate: r.decision_date,
          inPublicWindow: r.in_public_window === true || (r.in_public_window as unknown) === 't',
          status: r.status,
          title: r.title,
        });
      }
      return usccs.map((u, i) => {
        const l = listed[i];
        if (l instanceof Error) throw l;
        return [...(bySubject.get(u) ?? []), ...(l ?? []).map(listingFact)];
      });
    },
    { maxBatchSize: 1000 },
  );
}

/** Sector records as facts: every record on file, public or not, with its sector and category. */
export function sectorRecordFacts(table: SectorRecordTable, recordType: string, where?: SQL): FactSource {
  return {
    recordType,
    table,
    columns: {
      id: table.id,
      uscc: table.subjectUscc,
      sector: table.sector,
      category: table.category,
      polarity: table.polarity,
      severity: table.severity,
      decisionDate: table.decisionDate,
      inPublicWindow: inPublicWindow(table),
      status: table.status,
      title: table.title,
    },
    where,
  };
}
