import { sql } from 'drizzle-orm';
import type { listingDecisionTable } from '../../drizzle/schema/listing-decision.ts';
import type { DepartmentRow } from './access/departments.ts';
import { addCalendarDays } from './calendar.ts';
import type { Drizzle } from './db.ts';
import { type NaturalKeyed, RowChecker, type SubmissionResult, storeByNaturalKey } from './ingest.ts';
import { LIST_TYPES, type ListingRule, type ListType } from './listings.ts';
import { addMonths } from './publication.ts';
import { SHANGHAI_TODAY } from './publication-sql.ts';

/**
 * Listing decisions (列入名单决定): the same submission and the same listing rule in every domain.
 * A black list lasts at most 3 years and a key-attention list at most 1 year from its start, the
 * severe and general maxima of Order No. 36; a red list may be open-ended.
 */
export type ListingDecisionTable = ReturnType<typeof listingDecisionTable>;

const MAX_MONTHS: Record<ListType, number | null> = { BLACK: 36, KEY_ATTENTION: 12, RED: null };

export interface ListingDecisionInput {
  listType: string;
  listName: string;
  subjectCategory: string;
  subjectName: string;
  subjectUscc: string;
  facts: string;
  legalBasis: string;
  documentNumber: string;
  decisionDate: string;
  startDate?: string | null;
  endDate?: string | null;
  authorityName: string;
  authorityUscc: string;
}

/** The last day a decision of `listType` starting on `start` may keep a subject listed. */
export function latestEnd(listType: ListType, start: string): string | null {
  const months = MAX_MONTHS[listType];
  return months === null ? null : addCalendarDays(addMonths(start, months), -1);
}

export function submitListingDecisions(
  db: Drizzle,
  table: ListingDecisionTable,
  domain: string,
  department: DepartmentRow,
  inputs: readonly ListingDecisionInput[],
): Promise<SubmissionResult> {
  const checked = inputs.map((input, index) => {
    const c = new RowChecker();
    c.require(
      input.subjectCategory === 'LEGAL_PERSON' || input.subjectCategory === 'INDIVIDUAL_BUSINESS',
      'subjectCategory',
      'UNSUPPORTED_SUBJECT',
      'listing decisions about natural persons are not accepted through this interface yet',
    );
    const listType = input.listType as ListType;
    c.require(LIST_TYPES.includes(listType), 'listType', 'UNKNOWN_LIST_TYPE', `one of ${LIST_TYPES.join(', ')}`);
    const decisionDate = c.date('decisionDate', input.decisionDate, { required: true, notBefore: '1990-01-01' });
    const startDate = c.date('startDate', input.startDate, { allowFuture: true, notBefore: '1990-01-01' }) ?? decisionDate;
    const requestedEnd = c.date('endDate', input.endDate, { allowFuture: true });
    let endDate: string | null = null;
    if (startDate && LIST_TYPES.includes(listType)) {
      const latest = latestEnd(listType, startDate);
      endDate = requestedEnd ?? latest;
      if (requestedEnd && requestedEnd < startDate) c.require(false, 'endDate', 'END_BEFORE_START', 'is before the start date');
      if (requestedEnd && latest && requestedEnd > latest) c.require(false, 'endDate', 'BEYOND_MAXIMUM', `a ${listType} listing ends by ${latest}`);
    }
    const row = {
      listType,
      listName: c.text('listName', input.listName, { required: true, max: 100 }),
      subjectCategory: input.subjectCategory,
      subjectUscc: c.uscc('subjectUscc', input.subjectUscc, true),
      subjectName: c.text('subjectName', input.subjectName, { required: true, max: 200 }),
      facts: c.text('facts', input.facts, { required: true, max: 4000 }),
      legalBasis: c.text('legalBasis', input.legalBasis, { required: true, max: 1000 }),
      documentNumber: c.text('documentNumber', input.documentNumber, { required: true, max: 100 }),
      decisionDate,
      startDate,
      endDate,
      authorityName: c.text('authorityName', input.authorityName, { required: true, max: 200 }),
      authorityUscc: c.uscc('authorityUscc', input.authorityUscc, true),
      sourceName: department.name,
      sourceUscc: department.uscc,
    };
    if (!c.ok) return { index, row: null, problems: c.problems };
    return { index, problems: [], row: row as never as NaturalKeyed };
  });
  return storeByNaturalKey(db, table, { domain, type: 'ListingDecision', departmentUscc: department.uscc }, checked);
}

/** The rule every domain lists its decisions by: published, started, and not past its end date. */
export function listingDecisionRule(table: ListingDecisionTable, code: string): ListingRule {
  return {
    code,
    listType: table.listType,
    listName: table.listName,
    description: '列入名单决定: a department names the subject on a list by its own decision, from its start date to its end date (a black list at most 3 years, key attention at most 1 year, a red list open-ended); revoked or repaired decisions list nobody.',
    table,
    recordType: 'ListingDecision',
    columns: {
      id: table.id,
      uscc: table.subjectUscc,
      personId: table.subjectPersonId,
      since: table.startDate,
      until: table.endDate,
      authorityName: table.authorityName,
      authorityUscc: table.authorityUscc,
    },
    where: sql`${table.status} = 'PUBLISHED' and ${table.startDate} <= ${SHANGHAI_TODAY}
      and (${table.endDate} is null or ${table.endDate} >= ${SHANGHAI_TODAY})`,
  };
}
